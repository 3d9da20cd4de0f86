using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reconciliation;

[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ImageLedgerJsonContext : JsonSerializerContext;
