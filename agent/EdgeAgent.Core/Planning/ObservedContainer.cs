using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Planning;

/// <summary>A managed container as Docker reports it.</summary>
public sealed record ObservedContainer
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string App { get; init; }
    public string? SpecHash { get; init; }
    public bool Running { get; init; }

    /// <summary>Docker's restart policy is waiting to start it again.</summary>
    public bool Restarting { get; init; }
    public string Status { get; init; } = "";
    public ResourceLimits Resources { get; init; } = ResourceLimits.None;
    public string? ImageId { get; init; }

    /// <summary>The image reference the container was created from.</summary>
    public string? Image { get; init; }
    public long RestartCount { get; init; }

    /// <summary>The exit code of the container's last run (null: it never exited).</summary>
    public long? ExitCode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last run ended (null: it never exited).</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Health { get; init; }

    /// <summary>The output of the last healthcheck run, for the reason of a failed probation.</summary>
    public string? HealthLog { get; init; }
}
