using System.Globalization;
using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

/// <summary>Docker's restart policy: no, always, unless-stopped, on-failure or on-failure:N (N restarts at most).</summary>
[JsonConverter(typeof(RestartPolicyJsonConverter))]
public readonly record struct RestartPolicy
{
    private static readonly HashSet<string> Names = ["no", "always", "unless-stopped", "on-failure"];

    private RestartPolicy(string name, int maxRetries) => (Name, MaxRetries) = (name, maxRetries);

    public static RestartPolicy UnlessStopped { get; } = new("unless-stopped", 0);

    public string Name { get; }

    /// <summary>For on-failure:N, N; otherwise 0 (no limit).</summary>
    public int MaxRetries { get; }

    public static bool TryParse(string? text, out RestartPolicy policy)
    {
        policy = default;

        // .NET's integer parsing ignores trailing NULs: refuse control characters before parsing.
        if (text is null || TextRules.HasControl(text))
        {
            return false;
        }

        var parts = text.Split(':');
        if (!Names.Contains(parts[0]))
        {
            return false;
        }

        if (parts.Length == 1)
        {
            policy = new RestartPolicy(parts[0], 0);
            return true;
        }

        if (parts.Length == 2 && parts[0] == "on-failure" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var retries) && retries > 0)
        {
            policy = new RestartPolicy(parts[0], retries);
            return true;
        }

        return false;
    }

    /// <summary>Parses a policy the caller knows to be valid (tests, defaults); throws <see cref="FormatException"/> otherwise.</summary>
    public static RestartPolicy Parse(string text) => TryParse(text, out var policy) ? policy : throw new FormatException($"{TextRules.Quote(text)} is not a restart policy");

    public override string ToString() => MaxRetries > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Name}:{MaxRetries}") : Name;
}
