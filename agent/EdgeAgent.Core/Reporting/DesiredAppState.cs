using System.Text.Json.Serialization;
using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Reporting;

/// <summary>What the device wants of an app, as status reports it.</summary>
[JsonConverter(typeof(OpenEnumConverter<DesiredAppState>))]
public enum DesiredAppState
{
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Created, not started (the manifest says <c>state: stopped</c>).</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    /// <summary>A managed container no longer desired: it is being removed.</summary>
    [JsonStringEnumMemberName("absent")]
    Absent,
}
