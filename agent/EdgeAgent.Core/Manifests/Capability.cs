using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>A Linux capability as a manifest names it ("NET_ADMIN", "CAP_NET_ADMIN" or "ALL"); <see cref="Name"/> is without the CAP_ prefix.</summary>
[JsonConverter(typeof(CapabilityJsonConverter))]
public readonly partial record struct Capability
{
    private Capability(string name) => Name = name;

    public string Name { get; }

    public static bool TryParse(string? text, out Capability capability)
    {
        capability = default;
        if (text is null || !Pattern().IsMatch(text))
        {
            return false;
        }

        capability = new Capability(Normalize(text));
        return true;
    }

    /// <summary>Parses a name the caller knows to be valid (tests, defaults); throws <see cref="FormatException"/> otherwise.</summary>
    public static Capability Parse(string text) => TryParse(text, out var capability) ? capability : throw new FormatException($"{TextRules.Quote(text)} is not a capability name");

    /// <summary>"net_admin", "CAP_NET_ADMIN" and "NET_ADMIN" name the same capability (the policy's list is case-insensitive).</summary>
    public static string Normalize(string capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        var upper = capability.ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    public override string ToString() => Name;

    [GeneratedRegex(@"^((CAP_)?[A-Z_]{2,32}|ALL)\z")]
    private static partial Regex Pattern();
}
