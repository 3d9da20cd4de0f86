using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeAgent.Core.Manifests;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Wire;

/// <summary>
/// A kebab-case string enum that a newer or older version of the fleet may extend (README "Watching
/// the fleet", version skew): known codes read as their member; an unknown, well-formed code (a reason, state or event
/// type added by a newer agent or edgectl) reads as a value outside the defined members that
/// remembers its code, so it is shown and written back as itself instead of making the whole
/// document unreadable. Garbage (not a string, not a kebab-case code) is still an error.
/// System.Text.Json has no open enum: its string converter throws on any name it does not define.
/// </summary>
public sealed class OpenEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    /// <summary>Unknown codes are numbered from here, far from any defined member.</summary>
    private const int FirstUnknown = 1 << 20;

    /// <summary>Distinct unknown codes remembered per enum (a hostile device could send endless ones); later ones read as <see cref="Overflow"/>.</summary>
    private const int MaxUnknown = 256;

    private const int MaxCodeLength = 64;

    /// <summary>What an unknown code past <see cref="MaxUnknown"/> is shown as.</summary>
    private const string Overflow = "unknown";

    private static readonly JsonSerializerOptions Options = new();
    private static readonly JsonConverter<T> Strict = (JsonConverter<T>)new JsonStringEnumConverter<T>().CreateConverter(typeof(T), Options);
    private static readonly Dictionary<string, T> KnownByCode = Enum.GetValues<T>().ToDictionary(StrictCode, v => v, StringComparer.Ordinal);
    private static readonly Dictionary<T, string> CodeByKnown = KnownByCode.ToDictionary(p => p.Value, p => p.Key);
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, T> UnknownByCode = new(StringComparer.Ordinal);
    private static readonly Dictionary<T, string> CodeByUnknown = [];

    static OpenEnumConverter()
    {
        if (Unsafe.SizeOf<T>() != sizeof(int))
        {
            throw new NotSupportedException($"{typeof(T).Name}: open enums must be int-based");
        }
    }

    /// <summary>The wire code of <paramref name="value"/>: its member's name on the wire, or the unknown code it was read from.</summary>
    internal static string Code(T value)
    {
        if (CodeByKnown.TryGetValue(value, out var known))
        {
            return known;
        }

        lock (Gate)
        {
            return CodeByUnknown.GetValueOrDefault(value) ?? Unsafe.As<T, int>(ref value).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whether this version defines <paramref name="value"/> (false for a code read from a newer version).</summary>
    internal static bool IsKnown(T value) => CodeByKnown.ContainsKey(value);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"must be a string code such as \"{CodeByKnown.Values.First()}\"");
        }

        var code = reader.GetString()!;
        if (KnownByCode.TryGetValue(code, out var known))
        {
            return known;
        }

        if (!IsCode(code))
        {
            throw new JsonException($"{TextRules.Quote(code)} is not a code (lowercase letters, digits and '-', at most {MaxCodeLength})");
        }

        lock (Gate)
        {
            if (UnknownByCode.TryGetValue(code, out var seen))
            {
                return seen;
            }

            var full = UnknownByCode.Count >= MaxUnknown;
            var number = FirstUnknown + (full ? MaxUnknown : UnknownByCode.Count);
            var value = Unsafe.As<int, T>(ref number);
            CodeByUnknown[value] = full ? Overflow : code;
            if (!full)
            {
                UnknownByCode[code] = value;
            }

            return value;
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Code(value));
    }

    private static bool IsCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string StrictCode(T value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Strict.Write(writer, value, Options);
        }

        using var written = JsonDocument.Parse(buffer.ToArray());
        return written.RootElement.GetString()!;
    }
}
