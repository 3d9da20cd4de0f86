using System.Text.Json.Serialization;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Rollouts;

/// <summary>Where a rollout is; on the wire as the kebab-case names below.</summary>
[JsonConverter(typeof(OpenEnumConverter<RolloutPhase>))]
public enum RolloutPhase
{
    /// <summary>Moving wave by wave (or waiting for its driver to be resumed after it died).</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Stopped by an operator; the waves reached keep the new manifest until resumed or aborted.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>A wave failed past the threshold and was moved back; earlier waves keep the new manifest.</summary>
    [JsonStringEnumMemberName("halted")]
    Halted,

    /// <summary>Stopped by an operator; every device reached was moved back to the group's manifest.</summary>
    [JsonStringEnumMemberName("aborted")]
    Aborted,

    /// <summary>Every wave passed: the manifest is the group's, on the group topic.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>A newer manifest was published to the group topic meanwhile: every device follows it.</summary>
    [JsonStringEnumMemberName("superseded")]
    Superseded,
}
