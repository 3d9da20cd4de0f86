using System.Text.Json;

namespace EdgeAgent.Configuration;

/// <summary>
/// /etc/edge-agent/agent.json as written (README "Configuration"), with EDGEAGENT__ environment
/// overrides laid over it; a key left out or null is unset, and <see cref="AgentConfiguration"/>
/// gives it its default.
/// </summary>
internal sealed class AgentOptions
{
    public const string DefaultPath = "/etc/edge-agent/agent.json";

    public string? DeviceId { get; set; }
    public List<string?>? Groups { get; set; }
    public string? StateDir { get; set; }
    public string? TrustRoot { get; set; }
    public string? ManifestFile { get; set; }

    /// <summary>Development only: accept a bare (unsigned) manifest file.</summary>
    public bool? AllowUnsigned { get; set; }

    public BrokerOptions? Broker { get; set; }
    public SectionOptions? Docker { get; set; }
    public SectionOptions? Ovsdb { get; set; }
    public SectionOptions? Network { get; set; }
    public PolicyOptions? Policy { get; set; }
    public SectionOptions? Logs { get; set; }
    public SectionOptions? Disk { get; set; }

    /// <summary>
    /// Registry logins by HOST[:PORT] (undefined when absent): read by <see cref="RegistryLogins"/>, whose
    /// keys are not agent.json keys. Internal, so not in the serializer's contract: <see cref="AgentFile"/>
    /// takes the section from the file itself (a JsonElement property would cost the binary its own metadata).
    /// </summary>
    internal JsonElement Registries { get; set; }

    public int? ResyncSeconds { get; set; }
}
