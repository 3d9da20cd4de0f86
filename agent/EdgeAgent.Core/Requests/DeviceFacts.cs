namespace EdgeAgent.Core.Requests;

/// <summary>
/// Where a device stands, first in its support bundle (device.json): what someone who has never
/// seen it needs before reading its logs. <see cref="Clock"/> is the device's own time when it
/// answered: compared with the request's, it shows a wrong clock.
/// </summary>
public sealed record DeviceFacts
{
    public required string Device { get; init; }
    public required string AgentVersion { get; init; }
    public IReadOnlyList<string> Groups { get; init => field = value ?? []; } = [];
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset Clock { get; init; }
    public required string Os { get; init; }
    public required string Architecture { get; init; }
    public int Processors { get; init; }
    public string? Broker { get; init; }
    public string? StateDirectory { get; init; }
    public long? TrustRootVersion { get; init; }

    /// <summary>The Docker engine's version, or null when it did not answer (see problems.txt).</summary>
    public string? DockerVersion { get; init; }

    public string? DockerApiVersion { get; init; }
}
