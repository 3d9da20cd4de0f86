using System.Text.Json.Serialization;

namespace EdgeAgent.Configuration;

/// <summary>
/// Source-generated contract for agent.json: camelCase keys matched in any case (as the
/// configuration binder of earlier versions did; files on devices are written by hand), comments and
/// trailing commas allowed, duplicate keys refused, unknown keys refused (named all at once by
/// <see cref="UnknownKeys"/> before this contract reads the file). Scalars and lists are read
/// leniently by the converters, for files written for earlier versions.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    Converters = [typeof(ConfigurationStringConverter), typeof(WholeNumberConverter), typeof(TrueFalseConverter), typeof(NameListConverter)])]
[JsonSerializable(typeof(AgentOptions))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
