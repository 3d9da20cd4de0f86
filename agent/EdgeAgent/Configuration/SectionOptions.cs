namespace EdgeAgent.Configuration;

/// <summary>
/// agent.json's small sections (docker, ovsdb, network, logs, disk) read through one shape: each sets
/// only its own keys (<see cref="KeysBySection"/>, which <see cref="UnknownKeys"/> holds them to).
/// One type, not five, because each type in the serializer's contract adds about 5 KB of generic
/// metadata to the NativeAOT binary.
/// </summary>
internal sealed class SectionOptions
{
    /// <summary>The keys each small section of <see cref="AgentOptions"/> has (its name as in agent.json).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> KeysBySection = new Dictionary<string, string[]>
    {
        ["docker"] = ["endpoint", "pullTimeoutSeconds", "pullStallSeconds"],
        ["ovsdb"] = ["endpoint"],
        ["network"] = ["probes", "confirmSeconds"],
        ["logs"] = ["maxSize", "maxFiles"],
        ["disk"] = ["reserve"],
    };

    /// <summary>docker, ovsdb: the API socket or address.</summary>
    public string? Endpoint { get; set; }

    /// <summary>docker: the longest a pull may take, all layers (a slow link on a large image).</summary>
    public int? PullTimeoutSeconds { get; set; }

    /// <summary>docker: a pull that reports no progress for this long is aborted and retried (a registry gone silent).</summary>
    public int? PullStallSeconds { get; set; }

    /// <summary>network: "host:port" targets that must stay reachable after a change; default: the broker.</summary>
    public List<string?>? Probes { get; set; }

    /// <summary>network: how long the targets may stay unreachable after a change before it is rolled back.</summary>
    public int? ConfirmSeconds { get; set; }

    /// <summary>logs: the device's default log cap for apps whose manifest sets none, per file: bytes or a Ki/Mi/Gi size ("10Mi").</summary>
    public string? MaxSize { get; set; }

    /// <summary>logs: how many files the cap spans.</summary>
    public int? MaxFiles { get; set; }

    /// <summary>disk: kept free on the filesystem of Docker's data root: a size ("2Gi") or a share ("10%", the default).</summary>
    public string? Reserve { get; set; }
}
