using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Requests;

/// <summary>What an operator asks a device for; on the wire as the kebab-case names below.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestAction>))]
public enum RequestAction
{
    /// <summary>The agent's recent log and managed apps' container logs.</summary>
    [JsonStringEnumMemberName("logs")]
    Logs,

    /// <summary>Status, recent events, logs and the managed containers' configuration, secrets redacted.</summary>
    [JsonStringEnumMemberName("support-bundle")]
    SupportBundle,
}
