using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Reconciliation;

[JsonSerializable(typeof(List<string>))]
internal sealed partial class ImageLedgerJsonContext : JsonSerializerContext;
