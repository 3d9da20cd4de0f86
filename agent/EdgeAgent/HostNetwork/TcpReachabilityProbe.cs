using System.Net.Sockets;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.HostNetwork;

/// <summary>Reachable when a TCP connection to any target opens within the timeout.</summary>
internal sealed class TcpReachabilityProbe(IReadOnlyList<HostPort> targets) : IReachabilityProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Hosts { get; } = [.. targets.Select(t => t.Host)];

    public async Task<bool> ReachableAsync(CancellationToken cancellationToken)
    {
        foreach (var (host, port) in targets)
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // try the next target
            }
        }

        return false;
    }
}
