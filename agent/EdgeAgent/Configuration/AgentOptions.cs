using EdgeAgent.Core.Admission;

namespace EdgeAgent.Configuration;

/// <summary>/etc/edge-agent/agent.json, with EDGEAGENT__ environment overrides (README "Configuration").</summary>
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
    public LogsOptions Logs { get; set; } = new();
    public DiskOptions Disk { get; set; } = new();
    public int ResyncSeconds { get; set; } = 60;

    /// <summary>What this agent is configured to use and no container may bind: its API sockets, its trust and state files.</summary>
    public IEnumerable<ProtectedPath> ProtectedPaths()
    {
        if (SocketPath(Docker.Endpoint) is { } docker)
        {
            yield return ProtectedPath.DockerSocket(docker);
        }

        if (SocketPath(Ovsdb.Endpoint) is { } ovsdb)
        {
            yield return ProtectedPath.OvsdbSocket(ovsdb);
        }

        yield return ProtectedPath.AgentFiles(StateDir);
        yield return ProtectedPath.AgentFiles(TrustRoot);
        if (Broker.KeyFile is { Length: > 0 } key)
        {
            yield return ProtectedPath.AgentFiles(key);
        }
    }

    /// <summary>The file of a unix socket endpoint ("unix:///run/x.sock" or OVSDB's "unix:/run/x.sock"), else null.</summary>
    public static string? SocketPath(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        var path = "/" + endpoint["unix:".Length..].TrimStart('/');
        return path.Length > 1 ? path : null;
    }
}
