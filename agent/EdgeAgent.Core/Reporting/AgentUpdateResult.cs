using System.Text.Json.Serialization;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Reporting;

/// <summary>How the last agent update ended; on the wire as the kebab-case names below.</summary>
[JsonConverter(typeof(OpenEnumConverter<AgentUpdateResult>))]
public enum AgentUpdateResult
{
    /// <summary>The new agent passed probation and now runs.</summary>
    [JsonStringEnumMemberName("updated")]
    Updated,

    /// <summary>The new agent was swapped in, failed its probation and the previous binary was restored.</summary>
    [JsonStringEnumMemberName("rolled-back")]
    RolledBack,

    /// <summary>The release was not installed (a downgrade, a release that failed here before, no image for this architecture).</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>The release could not be staged (pull, digest, the binary's SHA-256, its --version); nothing was swapped.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The new binary is staged and swapped in: the agent restarts into it and is on probation.</summary>
    [JsonStringEnumMemberName("installing")]
    Installing,
}
