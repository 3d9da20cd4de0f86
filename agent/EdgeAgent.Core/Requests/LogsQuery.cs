namespace EdgeAgent.Core.Requests;

/// <summary>Which logs: one managed app (or the agent and every managed app), from how far back, how many lines, and whether to follow.</summary>
public sealed record LogsQuery
{
    /// <summary>A managed app's name, or "agent"; absent: the agent's log and every managed app's.</summary>
    public string? App { get; init; }

    public int SinceSeconds { get; init; }

    public int Tail { get; init; } = 200;

    /// <summary>Keep sending new lines until the request expires.</summary>
    public bool Follow { get; init; }
}
