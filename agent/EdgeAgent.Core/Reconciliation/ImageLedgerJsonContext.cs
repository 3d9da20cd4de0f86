using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reconciliation;

[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ImageLedgerJsonContext : JsonSerializerContext;
