namespace EdgeAgent.Core.Reporting;

/// <summary>The last agent update this device attempted or refused, as reported in its status.</summary>
public sealed record AgentUpdateOutcome
{
    /// <summary>The release version the manifest asked for.</summary>
    public required string Version { get; init; }

    /// <summary>The version that was running when the update began.</summary>
    public required string From { get; init; }

    public required AgentUpdateResult Result { get; init; }

    /// <summary>Why it was refused, failed or rolled back; null when it succeeded.</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset At { get; init; }
}
