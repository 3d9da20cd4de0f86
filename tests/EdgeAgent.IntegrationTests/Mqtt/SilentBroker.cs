using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// A broker that accepts the TLS connection and the MQTT CONNECT, then answers nothing more, as an
/// overloaded broker or a NATS node whose JetStream is not ready does. Only for what no real broker
/// can be made to do on cue; the bytes are MQTT's CONNACK for the version the client asked for.
/// </summary>
public sealed class SilentBroker : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int connects;

    public SilentBroker(string certFile, string keyFile)
    {
        // Re-imported as PKCS#12: SslStream on Linux serves a PEM-loaded key only from an exportable form.
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The MQTT CONNECTs answered so far: a client is waiting on this broker once it is above zero.</summary>
    public int Connects => Volatile.Read(ref connects);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        certificate.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream(), false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token);
                var connect = new byte[4096];
                var read = await tls.ReadAsync(connect, stopping.Token);
                // CONNECT: its type, the remaining length (1 to 4 bytes), "MQTT" with its length, the protocol level.
                var lengthEnd = 1;
                while (lengthEnd < read && (connect[lengthEnd] & 0x80) != 0)
                {
                    lengthEnd++;
                }

                var level = lengthEnd + 7 < read ? connect[lengthEnd + 7] : (byte)4;
                await tls.WriteAsync(level == 5 ? new byte[] { 0x20, 3, 0, 0, 0 } : new byte[] { 0x20, 2, 0, 0 }, stopping.Token);
                Interlocked.Increment(ref connects);
                while (await tls.ReadAsync(connect, stopping.Token) > 0)
                {
                    // Everything after CONNECT goes unanswered.
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }
}
