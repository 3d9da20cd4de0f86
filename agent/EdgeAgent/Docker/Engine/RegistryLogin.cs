using System.Text.Json.Serialization;

namespace EdgeAgent.Docker.Engine;

/// <summary>A registry login as the engine takes it in X-Registry-Auth (base64url of this JSON).</summary>
internal sealed class RegistryLogin(string username, string password, string serverAddress)
{
    [JsonPropertyName("username")]
    public string Username { get; } = username;

    [JsonPropertyName("password")]
    public string Password { get; } = password;

    [JsonPropertyName("serveraddress")]
    public string ServerAddress { get; } = serverAddress;
}
