using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>What a device remembers about agent releases (stateDir/agent/release.json).</summary>
public sealed class AgentReleaseState
{
    /// <summary>The newest agent version that passed probation here: older ones only with allowDowngrade.</summary>
    public string? Floor { get; set; }

    /// <summary>Versions rolled back on this device, with why: not tried again.</summary>
    public Dictionary<string, string> Failed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last update attempted or refused, reported in the status.</summary>
    public AgentUpdateOutcome? Last { get; set; }
}
