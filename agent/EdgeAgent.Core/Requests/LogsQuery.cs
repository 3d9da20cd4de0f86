using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Requests;

/// <summary>Which logs: one managed app (or the agent and every managed app), from how far back, how many lines, and whether to follow.</summary>
public sealed record LogsQuery
{
    /// <summary>Lines per source when a request does not say.</summary>
    public const int DefaultTail = 200;

    /// <summary>A managed app's name, or "agent"; absent: the agent's log and every managed app's.</summary>
    public string? App { get; init; }

    public int SinceSeconds { get; init; }

    /// <summary>At most this many lines per source (the newest); <see cref="DefaultTail"/> when the request has no tail.</summary>
    [JsonIgnore]
    public int Tail { get => TailGiven ?? DefaultTail; init => TailGiven = value; }

    /// <summary>
    /// The tail as the request carries it. Nullable so that an absent one is told from one of 0:
    /// System.Text.Json's source generator passes 0 for an absent init-only int, overriding a default.
    /// </summary>
    [JsonPropertyName("tail")]
    public int? TailGiven { get; init; }

    /// <summary>Keep sending new lines until the request expires.</summary>
    public bool Follow { get; init; }
}
