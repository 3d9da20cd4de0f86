namespace EdgeAgent.Core.Reporting;

public sealed record AppStatus
{
    public required DesiredAppState Desired { get; init; }

    /// <summary>Docker's state ("running", "exited", ...; Docker's vocabulary, passed through as it reports it) or "missing".</summary>
    public required string Observed { get; init; }

    public string? Image { get; init; }

    /// <summary>The content digest of the image the container runs (Docker's image id).</summary>
    public string? ImageId { get; init; }

    public long Restarts { get; init; }

    /// <summary>The exit code of the last run that ended, with when it started and ended (absent: never exited).</summary>
    public long? ExitCode { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Health { get; init; }
    public string? LastError { get; init; }

    /// <summary>The app's resource limits as the manifest sets them ("memory=33554432 cpus=0.25"); absent when unlimited.</summary>
    public string? Limits { get; init; }
}
