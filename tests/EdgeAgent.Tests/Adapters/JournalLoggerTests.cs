using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using EdgeAgent.Testing;
using EdgeAgent.Logging;
using EdgeAgent.Reporting;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Tests.Adapters;

/// <summary>journald's native protocol, received on a real datagram socket and decoded as journald does.</summary>
public sealed class JournalLoggerTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly Socket journal = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string path;

    public JournalLoggerTests()
    {
        path = temp.File("journal.socket");
        journal.Bind(new UnixDomainSocketEndPoint(path));
        journal.ReceiveTimeout = 5000;
    }

    private Dictionary<string, string> Receive()
    {
        var buffer = new byte[256 * 1024];
        var length = journal.Receive(buffer);
        return Decode(buffer.AsSpan(0, length));
    }

    /// <summary>NAME=VALUE\n, or NAME\n + 64-bit little-endian length + VALUE + \n.</summary>
    private static Dictionary<string, string> Decode(ReadOnlySpan<byte> datagram)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (datagram.Length > 0)
        {
            var end = datagram.IndexOf((byte)'\n');
            var equals = datagram[..end].IndexOf((byte)'=');
            if (equals >= 0)
            {
                fields[Encoding.ASCII.GetString(datagram[..equals])] = Encoding.UTF8.GetString(datagram[(equals + 1)..end]);
                datagram = datagram[(end + 1)..];
            }
            else
            {
                var name = Encoding.ASCII.GetString(datagram[..end]);
                var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(datagram[(end + 1)..]);
                fields[name] = Encoding.UTF8.GetString(datagram.Slice(end + 9, size));
                Assert.Equal((byte)'\n', datagram[end + 9 + size]);
                datagram = datagram[(end + 10 + size)..];
            }
        }

        return fields;
    }

    [Fact]
    public void An_entry_carries_priority_identifier_message_and_the_agents_fields_from_message_and_scope()
    {
        using var provider = new JournalLoggerProvider(path);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var logger = loggers.CreateLogger("EdgeAgent.Hosting.ReconcileLoop");

        using (logger.BeginScope(new AppScope("nodered")))
        {
            logger.LogWarning("Accepted {Stream} v{ManifestVersion} from {Source}", "edge/v1/devices/pi-01/desired", 7L, "broker");
        }

        var entry = Receive();
        Assert.Equal("4", entry["PRIORITY"]);
        Assert.Equal("edge-agent", entry["SYSLOG_IDENTIFIER"]);
        Assert.Equal("Accepted edge/v1/devices/pi-01/desired v7 from broker", entry["MESSAGE"]);
        Assert.Equal("edge/v1/devices/pi-01/desired", entry["EDGEAGENT_STREAM"]);
        Assert.Equal("7", entry["EDGEAGENT_MANIFEST_VERSION"]);
        Assert.Equal("nodered", entry["EDGEAGENT_APP"]);
        Assert.Equal("EdgeAgent.Hosting.ReconcileLoop", entry["EDGEAGENT_LOGGER"]);
        Assert.DoesNotContain("EDGEAGENT_{ORIGINAL_FORMAT}", entry.Keys);
    }

    [Fact]
    public void A_message_with_newlines_and_an_exception_is_sent_with_its_length()
    {
        using var provider = new JournalLoggerProvider(path);
        var logger = provider.CreateLogger("test");
        logger.LogError(new InvalidOperationException("boom"), "first line\nsecond line");

        var entry = Receive();
        Assert.Equal("3", entry["PRIORITY"]);
        Assert.StartsWith("first line\nsecond line", entry["MESSAGE"], StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: boom", entry["MESSAGE"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_message_is_cut_and_still_delivered()
    {
        using var provider = new JournalLoggerProvider(path);
        provider.CreateLogger("test").LogInformation("{Text}", new string('x', 100_000));

        var entry = Receive();
        Assert.True(entry["MESSAGE"].Length < 40_000);
        Assert.EndsWith("(cut)", entry["MESSAGE"], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_journal_logging_goes_on_silently()
    {
        using var provider = new JournalLoggerProvider(temp.File("no-such.socket"));
        provider.CreateLogger("test").LogInformation("nobody listens");
    }

    [Theory]
    [InlineData("App", "EDGEAGENT_APP")]
    [InlineData("DeviceId", "EDGEAGENT_DEVICE_ID")]
    [InlineData("ManifestVersion", "EDGEAGENT_MANIFEST_VERSION")]
    [InlineData("stream", "EDGEAGENT_STREAM")]
    [InlineData("{OriginalFormat}", "EDGEAGENT__ORIGINAL_FORMAT_")]
    [InlineData("ünïcode-key", "EDGEAGENT__N_CODE_KEY")]
    public void Property_names_become_journal_field_names(string property, string field) =>
        Assert.Equal(field, JournalFields.FieldName(property));

    [Fact]
    public void Field_names_stay_within_64_characters() =>
        Assert.Equal(64, JournalFields.FieldName(new string('A', 200)).Length);

    public void Dispose()
    {
        journal.Dispose();
        temp.Dispose();
    }
}
