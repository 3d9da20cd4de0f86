using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Rollouts;

/// <summary>The rollout record and control messages on the broker (source-generated: NativeAOT-clean).</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RolloutRecord))]
[JsonSerializable(typeof(RolloutControl))]
public sealed partial class RolloutJsonContext : JsonSerializerContext;
