#!/usr/bin/env python3
"""One run of tests/benchmarks/dashboard-slow-clients.sh against one edgectl: starts `edgectl fleet
serve` on a free loopback port against the script's mosquitto, has each device publish a status and
30 events of hostile size, opens CLIENTS server-sent-event streams that never read (a 4 KiB receive
buffer, the response's status line only peeked at, so nothing is taken from the socket) beside one
stream that reads everything, keeps the devices publishing changes for SECONDS, then waits for the
stalled streams to be dropped. fleet serve's memory is sampled from /proc every 200 ms and the
process is stopped when its RSS passes the cap (a build without bounds would take the machine).

Prints one line of key=value figures on standard output, progress on standard error.

Usage: dashboard-clients.py EDGECTL WORK BROKER_PORT DEVICES CLIENTS SECONDS CAP_MB
"""
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

EDGECTL, WORK = sys.argv[1], sys.argv[2]
BROKER, DEVICES, CLIENTS, SECONDS, CAP_MB = (int(a) for a in sys.argv[3:8])
EVENT_BYTES = 400_000  # the events: 30 of 400 KB per device
DEVICE_IDS = [f"dm-{i:02}" for i in range(1, DEVICES + 1)]
TCP_STATES = {1: "established", 7: "closed", 8: "close-wait"}


def say(text):
    print(f"  {text}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, field):
    """VmRSS or VmHWM of PID in KiB; None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def publish(device, topic, payload, retain=False):
    """As the device itself: its own certificate (the ACL lets it write only its own topics), QoS 1."""
    path = f"{WORK}/payload-{device}.json"
    with open(path, "w") as f:
        f.write(payload)
    pki = f"{WORK}/pki/devices/{device}"
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(BROKER), "--cafile", f"{WORK}/pki/ca/ca.pem",
                    "--cert", f"{pki}/{device}.pem", "--key", f"{pki}/{device}.key", "-i", device,
                    "-t", topic, "-f", path, "-q", "1"] + (["-r"] if retain else []), check=True)


def hostile_status(device, n):
    """A well-formed status as large as a 512 KiB packet allows: a 300 KB error and 400 failing apps."""
    return json.dumps({
        "deviceId": device, "agentVersion": "0.1.0", "updatedAt": f"2026-12-07T10:{n // 60 % 60:02}:{n % 60:02}Z",
        "converged": False, "groups": [], "streams": {}, "conflicts": [], "lastError": f"{n} " + "x" * 300_000,
        "apps": {f"app-{i:03}": {"desired": "running", "observed": "exited", "restarts": n, "lastError": "y" * 100} for i in range(400)},
    })


def hostile_event(n):
    return json.dumps({"type": "applied", "at": "2026-12-07T10:00:00Z", "stream": "edge/v1/groups/g/desired",
                       "version": n, "message": f"{n:03} " + "e" * EVENT_BYTES})


def fleet(port):
    """(HTTP status, body length) of /api/fleet."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/fleet", timeout=60) as r:
            return r.status, len(r.read())
    except urllib.error.HTTPError as e:
        return e.code, len(e.read())
    except OSError as e:
        return f"no answer ({e.__class__.__name__})", 0


def connected(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/fleet", timeout=10) as r:
            return json.load(r).get("brokerConnected") is True
    except (OSError, ValueError):
        return False


def tcp_pages():
    """The kernel's memory in TCP buffers, in pages, machine-wide: what bytes written but not yet taken hold outside any RSS."""
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                fields = line.split()
                return int(fields[fields.index("mem") + 1])
    return 0


class Watch(threading.Thread):
    """Samples RSS every 200 ms; stops fleet serve when it passes the cap."""

    def __init__(self, process):
        super().__init__(daemon=True)
        self.process, self.capped, self.hwm, self.stop, self.tcp_pages = process, None, 0, False, 0
        self.clients_at = None  # when the streams were opened

    def run(self):
        while not self.stop and self.process.poll() is None:
            rss = status_kib(self.process.pid, "VmRSS") or 0
            self.hwm = max(self.hwm, status_kib(self.process.pid, "VmHWM") or 0)
            self.tcp_pages = max(self.tcp_pages, tcp_pages())
            if rss > CAP_MB * 1024:
                since = f"{time.monotonic() - self.clients_at:.0f} s after the streams opened" if self.clients_at else "before the streams opened"
                self.capped = f"stopped at {rss // 1024} MB, {since}"
                self.process.kill()
                return
            time.sleep(0.2)


class Reader(threading.Thread):
    """A browser that reads: counts the snapshots (`data:` lines) and bytes it is sent."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.bytes, self.snapshots, self.ended = 0, 0, False

    def run(self):
        tail = b""
        try:
            while chunk := self.sock.recv(1 << 20):
                self.bytes += len(chunk)
                text = tail + chunk
                self.snapshots += text.count(b"\ndata: ")
                tail = text[-6:]  # shorter than the marker: one split across two reads is counted once
        except OSError:
            pass
        self.ended = True


def stalled_client(port):
    """A stream that never reads: a 4 KiB receive buffer (set before connecting, so the window stays small)."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    return s


def answer_of(s):
    """The response's status code, peeked (MSG_PEEK takes nothing from the socket), or None."""
    s.settimeout(0.05)
    try:
        head = s.recv(12, socket.MSG_PEEK)
    except (socket.timeout, BlockingIOError):
        return None
    except OSError:
        return "reset"
    return head[9:12].decode() if head.startswith(b"HTTP/1.1 ") and len(head) == 12 else None


def tcp_state(s):
    """The connection's TCP state from TCP_INFO (its first byte): established, close-wait (fleet serve closed it) or closed (reset)."""
    state = struct.unpack("B", s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1))[0]
    return TCP_STATES.get(state, str(state))


def main():
    port = free_port()
    serve = subprocess.Popen([EDGECTL, "fleet", "serve", "--listen", f"127.0.0.1:{port}", "--broker", f"mqtts://localhost:{BROKER}",
                              "--ca", f"{WORK}/pki/ca/ca.pem", "--cert", f"{WORK}/pki/monitor/edge-monitor.pem",
                              "--key", f"{WORK}/pki/monitor/edge-monitor.key"],
                             stdout=subprocess.DEVNULL, stderr=open(f"{WORK}/serve-{port}.log", "w"))
    watch = Watch(serve)
    watch.start()
    stalled = []
    try:
        for _ in range(300):  # connected and subscribed: events are not retained, fleet serve must be listening before they come
            if connected(port):
                break
            time.sleep(0.2)
        else:
            sys.exit("fleet serve did not connect to the broker: " + open(f"{WORK}/serve-{port}.log").read()[-600:])
        time.sleep(1)
        say(f"fleet serve (pid {serve.pid}) on 127.0.0.1:{port}; {DEVICES} devices publish a status and 30 events of {EVENT_BYTES // 1000} KB each")
        for device in DEVICE_IDS:
            publish(device, f"edge/v1/devices/{device}/status", hostile_status(device, 0), retain=True)
            publish(device, f"edge/v1/devices/{device}/online", "online", retain=True)
            for n in range(30):
                publish(device, f"edge/v1/devices/{device}/events", hostile_event(n))
        time.sleep(3)
        fleet_status, fleet_bytes = fleet(port)
        rss_before = status_kib(serve.pid, "VmRSS")

        watch.clients_at = time.monotonic()
        reader = Reader(port)
        reader.start()
        for _ in range(CLIENTS):
            stalled.append(stalled_client(port))
        time.sleep(2)
        answers = [answer_of(s) for s in stalled]  # before any is dropped: a reset takes what the socket held
        say(f"/api/fleet {fleet_status}, {fleet_bytes} bytes; RSS {rss_before} KiB; {CLIENTS} streams that never read opened, one that reads")

        started, n, trail = time.monotonic(), 30, []
        while time.monotonic() - started < SECONDS and serve.poll() is None:
            if (time.monotonic() - started) // 20 >= len(trail):  # RSS every 20 s of changes: flat, or growing
                rss = status_kib(serve.pid, "VmRSS")
                trail.append(round(rss / 1024) if rss else "-")
            device = DEVICE_IDS[n % DEVICES]
            if n % 10 == 0:
                publish(device, f"edge/v1/devices/{device}/status", hostile_status(device, n), retain=True)
            else:
                publish(device, f"edge/v1/devices/{device}/events", hostile_event(n))
            n += 1
            time.sleep(0.5)
        changes = n - 30
        reader_bytes, reader_snapshots = reader.bytes, reader.snapshots
        rss_end = status_kib(serve.pid, "VmRSS")
        say(f"{changes} changes in {SECONDS} s; RSS {rss_end} KiB; the reading stream got {reader_snapshots} snapshots, {reader_bytes} bytes")

        # No more changes: a stalled stream is dropped once a snapshot has waited 20 s for it (the fix); wait until that settles.
        settled, last = time.monotonic(), None
        while serve.poll() is None and time.monotonic() - settled < 90:
            states = [tcp_state(s) for s in stalled]
            if states != last:
                last, settled = states, time.monotonic()
            if time.monotonic() - settled > 25:
                break
            time.sleep(1)
        alive = serve.poll() is None
        if alive:  # once fleet serve is stopped, every stream is closed and says nothing of what it did
            answers = [a or answer_of(s) for a, s in zip(answers, stalled)]
        states = [tcp_state(s) for s in stalled]
        accepted = sum(a in ("200", "reset") for a in answers)  # only fleet serve's own abort resets a stream
        refused = sum(a == "503" for a in answers)
        unanswered = CLIENTS - accepted - refused
        dropped = sum(a in ("200", "reset") and st != "established" for a, st in zip(answers, states)) if alive else "-"
        after_status, after_bytes = fleet(port) if alive else ("-", 0)
        new_stream = "-"
        if alive:  # the dropped streams gave their places back: a new page is served
            with stalled_client(port) as s:
                for _ in range(100):
                    if (new_stream := answer_of(s)) is not None:
                        break
                    time.sleep(0.05)
        rss_after = status_kib(serve.pid, "VmRSS") if alive else None
        hwm = status_kib(serve.pid, "VmHWM") if alive else None
        watch.stop = True
        figures = {
            "fleet_status": fleet_status, "fleet_bytes": fleet_bytes, "rss_before_kib": rss_before,
            "peak_kib": hwm or watch.hwm, "tcp_peak_kib": watch.tcp_pages * os.sysconf("SC_PAGE_SIZE") // 1024, "capped": watch.capped or "", "rss_after_kib": rss_after or "-",
            "accepted": accepted, "refused": refused, "unanswered": unanswered, "dropped": dropped,
            "changes": changes, "rss_every_20s_mb": ",".join(map(str, trail)), "reader_snapshots": reader_snapshots, "reader_bytes": reader_bytes,
            "reader_open": not reader.ended, "alive": alive, "after": f"{after_status} {after_bytes}", "new_stream": new_stream,
        }
        print(" ".join(f"{k}={str(v).replace(' ', '_')}" for k, v in figures.items()), flush=True)
    finally:
        watch.stop = True
        for s in stalled:
            s.close()
        if serve.poll() is None:
            serve.terminate()
            try:
                serve.wait(10)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait()


if __name__ == "__main__":
    main()
