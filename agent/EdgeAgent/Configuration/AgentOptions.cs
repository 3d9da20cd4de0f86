namespace EdgeAgent.Configuration;

/// <summary>/etc/edge-agent/agent.json, with EDGEAGENT__ environment overrides (DESIGN.md "Agent configuration").</summary>
internal sealed class AgentOptions
{
    public const string DefaultPath = "/etc/edge-agent/agent.json";

    public string DeviceId { get; set; } = Environment.MachineName;
    public List<string> Groups { get; set; } = [];
    public string StateDir { get; set; } = "/var/lib/edge-agent";
    public string TrustRoot { get; set; } = "/etc/edge-agent/root.json";
    public string? ManifestFile { get; set; }

    /// <summary>Development only: accept a bare (unsigned) manifest file.</summary>
    public bool AllowUnsigned { get; set; }

    public BrokerOptions Broker { get; set; } = new();
    public DockerOptions Docker { get; set; } = new();
    public OvsdbOptions Ovsdb { get; set; } = new();
    public NetworkOptions Network { get; set; } = new();
    public PolicyOptions Policy { get; set; } = new();
    public int ResyncSeconds { get; set; } = 60;
}
