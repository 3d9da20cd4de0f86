using System.Text.Json.Serialization;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Reporting;

/// <summary>What an entry on a device's events topic reports; on the wire as the kebab-case names below.</summary>
[JsonConverter(typeof(OpenEnumConverter<AgentEventType>))]
public enum AgentEventType
{
    /// <summary>A manifest version was carried out by a pass.</summary>
    [JsonStringEnumMemberName("applied")]
    Applied,

    /// <summary>A manifest or root was refused; the reason code says why.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>A pass failed (steps, problems, or an error before planning).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>A managed container changed by hand was restored.</summary>
    [JsonStringEnumMemberName("drift-repaired")]
    DriftRepaired,

    /// <summary>The trust root was rotated.</summary>
    [JsonStringEnumMemberName("root-rotated")]
    RootRotated,

    /// <summary>A network change cut the device off and was rolled back.</summary>
    [JsonStringEnumMemberName("rolled-back")]
    RolledBack,

    /// <summary>A provisioning bundle was taken from the boot partition (first boot or re-provisioning).</summary>
    [JsonStringEnumMemberName("provisioned")]
    Provisioned,

    /// <summary>A provisioning bundle was refused (altered, half-copied or unreadable); the device kept what it had.</summary>
    [JsonStringEnumMemberName("provisioning-refused")]
    ProvisioningRefused,

    /// <summary>A new agent release was staged and swapped in; the agent restarts into it, on probation.</summary>
    [JsonStringEnumMemberName("agent-installing")]
    AgentInstalling,

    /// <summary>The new agent passed its probation.</summary>
    [JsonStringEnumMemberName("agent-updated")]
    AgentUpdated,

    /// <summary>The new agent failed its probation and the previous one was restored.</summary>
    [JsonStringEnumMemberName("agent-rolled-back")]
    AgentRolledBack,

    /// <summary>An agent release was refused or could not be staged; the running agent stays.</summary>
    [JsonStringEnumMemberName("agent-update-refused")]
    AgentUpdateRefused,

    /// <summary>An operator's signed request (logs, support bundle) was answered.</summary>
    [JsonStringEnumMemberName("request-answered")]
    RequestAnswered,

    /// <summary>An operator request was refused (unsigned, expired, replayed, for another device...).</summary>
    [JsonStringEnumMemberName("request-refused")]
    RequestRefused,

    /// <summary>A state document of the agent's own (crash counts, rollbacks, pulled images) could not be used and was set aside; the agent goes on without it.</summary>
    [JsonStringEnumMemberName("state-set-aside")]
    StateSetAside,
}
