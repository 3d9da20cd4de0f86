using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;

namespace EdgeAgent.Configuration;

/// <summary>
/// The agent's configuration as validated values, read once at start (agent.json and EDGEAGENT__
/// overrides, README "Configuration"): nothing after <see cref="AgentConfiguration.Load"/> parses it again.
/// </summary>
internal sealed record AgentSettings
{
    public required string DeviceId { get; init; }
    public required IReadOnlyList<string> Groups { get; init; }
    public required string StateDir { get; init; }
    public required string TrustRoot { get; init; }
    public string? ManifestFile { get; init; }

    /// <summary>Development only: accept a bare (unsigned) manifest file.</summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>Null when no broker is configured (a device run from a manifest file).</summary>
    public BrokerSettings? Broker { get; init; }

    public required string DockerEndpoint { get; init; }
    public required string OvsdbEndpoint { get; init; }
    public required AdmissionPolicy Policy { get; init; }
    public required IReadOnlyList<string> ProtectedInterfaces { get; init; }

    /// <summary>The log cap of apps whose manifest sets none.</summary>
    public required LogLimits Logs { get; init; }

    /// <summary>What must stay reachable after a network change: the configured probes, else the broker, else nothing.</summary>
    public required IReadOnlyList<HostPort> Probes { get; init; }

    /// <summary>How long the probes may fail after a network change before it is rolled back.</summary>
    public required TimeSpan ConfirmWindow { get; init; }

    /// <summary>The longest time between two passes.</summary>
    public required TimeSpan Resync { get; init; }

    /// <summary>Registry logins by HOST[:PORT] (lowercase).</summary>
    public IReadOnlyDictionary<string, RegistryCredential> Registries { get; init; } = new Dictionary<string, RegistryCredential>();

    /// <summary>A whole pull's limit, and how long it may go without progress.</summary>
    public required TimeSpan PullTimeout { get; init; }

    public required TimeSpan PullStall { get; init; }

    /// <summary>Space kept free on the filesystem of Docker's data root; pulls that would break it are refused.</summary>
    public required DiskReserve DiskReserve { get; init; }
}
