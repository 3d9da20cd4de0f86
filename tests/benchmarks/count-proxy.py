#!/usr/bin/env python3
"""A Unix socket proxy in front of the Docker engine that writes every request line it forwards to a
log, one per line. Each connection is read on its own, so requests sent at the same time on several
connections are all counted (a logging `socat -v` interleaves its output and loses some of them).

Usage: count-proxy.py LISTEN_SOCKET LOG [ENGINE_SOCKET]   (runs until killed)
"""
import asyncio
import os
import re
import sys

REQUEST_LINE = re.compile(rb"(?:^|\r\n)((?:GET|POST|PUT|DELETE|HEAD) /\S* HTTP/1\.[01])(?=\r\n)")


async def main() -> None:
    listen, log_path = sys.argv[1], sys.argv[2]
    engine = sys.argv[3] if len(sys.argv) > 3 else "/var/run/docker.sock"
    log = open(log_path, "ab", buffering=0)

    async def agent_to_engine(reader, writer):
        pending = b""
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
            pending += data
            end = pending.rfind(b"\r\n")
            if end >= 0:
                for match in REQUEST_LINE.finditer(pending[:end]):
                    log.write(match.group(1) + b"\n")
                pending = pending[end + 2:]
        writer.close()

    async def engine_to_agent(reader, writer):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    async def relay(agent_reader, agent_writer):
        try:
            engine_reader, engine_writer = await asyncio.open_unix_connection(engine)
            await asyncio.gather(agent_to_engine(agent_reader, engine_writer), engine_to_agent(engine_reader, agent_writer))
        except (ConnectionError, OSError):
            pass
        finally:
            agent_writer.close()

    if os.path.exists(listen):
        os.unlink(listen)
    server = await asyncio.start_unix_server(relay, path=listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
