using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Logging;

/// <summary>
/// journald's native protocol (systemd.journal-fields(7), "Native Journal Protocol"): one datagram
/// per entry, one field per line, a value with a newline in it sent with its length instead.
/// Written by hand: no package served here speaks it (Serilog.Sinks.Journal is not served).
/// </summary>
internal static class JournalFields
{
    /// <summary>A datagram must fit the socket's buffer: longer messages are cut, with a mark.</summary>
    public const int MaxValueBytes = 32 * 1024;

    /// <summary>The journal's PRIORITY (syslog levels) for a log level.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Information => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };

    /// <summary>"DeviceId" -> "EDGEAGENT_DEVICE_ID": the agent's own fields, in the characters journald accepts.</summary>
    public static string FieldName(string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var name = new StringBuilder("EDGEAGENT_");
        for (var i = 0; i < property.Length && name.Length < 64; i++)
        {
            var c = property[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(property[i - 1]) || char.IsAsciiDigit(property[i - 1])))
            {
                name.Append('_');
            }

            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return name.ToString();
    }

    /// <summary>A value as the journal shows it (invariant culture).</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The datagram for one entry.</summary>
    public static byte[] Encode(IEnumerable<(string Name, string Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var datagram = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        foreach (var (name, value) in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > MaxValueBytes)
            {
                bytes = [.. bytes.AsSpan(0, MaxValueBytes), .. "…(cut)"u8];
            }

            datagram.Write(Encoding.ASCII.GetBytes(name));
            if (bytes.AsSpan().Contains((byte)'\n'))
            {
                datagram.WriteByte((byte)'\n');
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)bytes.Length);
                datagram.Write(length);
            }
            else
            {
                datagram.WriteByte((byte)'=');
            }

            datagram.Write(bytes);
            datagram.WriteByte((byte)'\n');
        }

        return datagram.ToArray();
    }
}
