using System.Text.Json.Serialization;

namespace EdgeAgent.Docker.Engine;

/// <summary>
/// Source-generated JSON for the engine calls the agent makes: property names as the API spells
/// them (the C# names are Docker's), read case-insensitively ("Id" and "ID" both occur), unknown
/// fields ignored (newer engines add them), nulls not written (an absent field keeps Docker's default).
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EngineError))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ContainerDetails))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreated))]
[JsonSerializable(typeof(HostResources))]
[JsonSerializable(typeof(ContainerUpdated))]
[JsonSerializable(typeof(IReadOnlyList<NetworkSummary>))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(IReadOnlyList<ImageSummary>))]
[JsonSerializable(typeof(ImageDetails))]
[JsonSerializable(typeof(ProgressMessage))]
[JsonSerializable(typeof(EngineEvent))]
[JsonSerializable(typeof(EngineInfo))]
[JsonSerializable(typeof(EngineVersion))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>))]
[JsonSerializable(typeof(RegistryLogin))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
