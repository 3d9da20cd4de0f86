using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Rollouts;

/// <summary>What an operator asks of a running rollout.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutRequest>))]
public enum RolloutRequest
{
    [JsonStringEnumMemberName("run")]
    Run,

    [JsonStringEnumMemberName("pause")]
    Pause,

    [JsonStringEnumMemberName("abort")]
    Abort,
}
