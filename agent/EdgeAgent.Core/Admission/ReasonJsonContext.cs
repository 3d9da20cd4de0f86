using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Admission;

/// <summary>Reads the wire code of a reason from the enum's own JSON names (<see cref="RejectionReasons.Code"/>).</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(RejectionReason))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReasonJsonContext : JsonSerializerContext;
