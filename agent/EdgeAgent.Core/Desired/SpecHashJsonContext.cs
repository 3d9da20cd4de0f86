using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Desired;

/// <summary>Canonical serialisation of specs for hashing. Property order is declaration order, which is stable.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ContainerSpec))]
[JsonSerializable(typeof(DesiredNetwork))]
internal sealed partial class SpecHashJsonContext : JsonSerializerContext;
