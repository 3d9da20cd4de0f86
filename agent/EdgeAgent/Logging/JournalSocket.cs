using System.Net.Sockets;

namespace EdgeAgent.Logging;

/// <summary>The datagram socket of systemd-journald. Logging never throws: an entry the journal cannot take is dropped.</summary>
internal sealed class JournalSocket(string path) : IDisposable
{
    public const string DefaultPath = "/run/systemd/journal/socket";

    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint endpoint = new(path);
    private readonly Lock gate = new();

    public void Send(byte[] datagram)
    {
        try
        {
            lock (gate)
            {
                socket.SendTo(datagram, endpoint);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The journal is gone or full: there is nowhere to report it.
        }
    }

    public void Dispose() => socket.Dispose();
}
