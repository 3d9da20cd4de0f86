using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeAgent.IntegrationTests.Broker;

/// <summary>
/// A raw client of NATS's text protocol (INFO, CONNECT, SUB, PUB, PING), written here because a test
/// must try a listener the way anyone on the host could: with a bare socket, a forged CONNECT, or a
/// certificate of the wrong kind, which no NATS client library would send.
/// </summary>
internal static class NatsWire
{
    /// <summary>
    /// Connects to <paramref name="port"/>, upgrades to TLS with <paramref name="certificate"/> (none:
    /// no client certificate) unless <paramref name="plain"/>, sends <paramref name="commands"/> and a
    /// PING, and returns everything the server said until it answered the PING, refused, or hung up.
    /// Routes start with TLS (<paramref name="tlsFirst"/>); clients read INFO in the clear first.
    /// </summary>
    public static async Task<string> ExchangeAsync(int port, string caFile, string commands, bool plain = false, bool tlsFirst = false, (string Cert, string Key)? certificate = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var said = new StringBuilder();
        Stream stream = tcp.GetStream();
        try
        {
            if (!tlsFirst)
            {
                said.Append(await ReadLineAsync(stream, timeout.Token));
            }

            if (!plain)
            {
                using var client = certificate is { } c ? X509Certificate2.CreateFromPemFile(c.Cert, c.Key) : null;
                using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
                var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                trust.CustomTrustStore.Add(ca);
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = "localhost", ClientCertificates = client is null ? null : [client], CertificateChainPolicy = trust }, timeout.Token);
                stream = tls;
                if (tlsFirst)
                {
                    said.Append(await ReadLineAsync(stream, timeout.Token));
                }
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(commands + "PING\r\n"), timeout.Token);
            await stream.FlushAsync(timeout.Token);
            var buffer = new byte[4096];
            while (!said.ToString().Contains("PONG\r\n", StringComparison.Ordinal) && !said.ToString().Contains("-ERR", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    said.Append("(closed)");
                    break;
                }

                said.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            said.Append($"({ex.GetType().Name}: {ex.Message})");
        }
        finally
        {
            await stream.DisposeAsync();
        }

        return said.ToString();
    }

    /// <summary>Whether the server took the connection: it answered the PING.</summary>
    public static bool Accepted(string said) => said.Contains("PONG\r\n", StringComparison.Ordinal);

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, cancellationToken) == 1)
        {
            line.Append((char)one[0]);
        }

        return line.ToString();
    }
}
