using System.Text.Json.Serialization;

namespace EdgeAgent.Docker.Engine;

/// <summary>A registry login as the engine takes it in X-Registry-Auth (base64url of this JSON).</summary>
internal sealed record RegistryLogin(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("serveraddress")] string ServerAddress);
