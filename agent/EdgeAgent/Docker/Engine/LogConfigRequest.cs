namespace EdgeAgent.Docker.Engine;

/// <summary>The container's log driver and its options (max-size, max-file).</summary>
internal sealed class LogConfigRequest(string type, IReadOnlyDictionary<string, string> config)
{
    public string Type { get; } = type;
    public IReadOnlyDictionary<string, string> Config { get; } = config;
}
