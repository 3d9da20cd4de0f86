namespace EdgeAgent.Core.Manifests;

/// <summary>One application: a single container with its configuration and limits.</summary>
public sealed record AppSpec
{
    public required string Image { get; init; }
    public IReadOnlyList<string> Command { get; set; } = [];
    public IReadOnlyList<string> Entrypoint { get; set; } = [];
    public IReadOnlyDictionary<string, string> Env { get; set; } = new Dictionary<string, string>();
    public IReadOnlyList<PortSpec> Ports { get; set; } = [];
    public IReadOnlyList<VolumeSpec> Volumes { get; set; } = [];
    public IReadOnlyList<BindSpec> Binds { get; set; } = [];
    public IReadOnlyList<string> Networks { get; set; } = [];
    public IReadOnlyList<string> DependsOn { get; set; } = [];
    public RestartPolicy RestartPolicy { get; set; } = RestartPolicy.UnlessStopped;

    /// <summary>Run a tiny init as PID 1 that forwards signals and reaps zombies (docker run --init).</summary>
    public bool Init { get; set; }

    /// <summary>How long a stop waits for the app to exit on SIGTERM before it is killed.</summary>
    public int StopGracePeriodSeconds { get; set; } = 10;
    public HealthcheckSpec? Healthcheck { get; init; }
    public ResourcesSpec Resources { get; set; } = new();
    public SecuritySpec Security { get; set; } = new();
    public UpdateSpec Update { get; set; } = new();

    /// <summary>Log cap; unset fields take the device's default (agent.json `logs`).</summary>
    public LogsSpec? Logs { get; init; }
    public AppState State { get; set; } = AppState.Running;

    /// <summary>The container's hostname; default: the app's name (none with networkMode host).</summary>
    public string? Hostname { get; init; }

    /// <summary>DNS servers for the container, instead of the host's.</summary>
    public IReadOnlyList<string> Dns { get; set; } = [];

    /// <summary>Extra /etc/hosts entries: hostname -> IP address.</summary>
    public IReadOnlyDictionary<string, string> ExtraHosts { get; set; } = new Dictionary<string, string>();
}
