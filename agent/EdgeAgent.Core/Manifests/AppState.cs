using System.Text.Json.Serialization;

namespace EdgeAgent.Core.Manifests;

/// <summary>What an app should be: <c>running</c> (the default) or <c>stopped</c> (created, not started).</summary>
[JsonConverter(typeof(AppStateJsonConverter))]
public enum AppState
{
    Running,
    Stopped,
}
