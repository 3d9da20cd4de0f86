namespace EdgeAgent.Docker.Engine;

/// <summary>The container's log driver and its options (max-size, max-file).</summary>
internal sealed record LogConfigRequest(string Type, IReadOnlyDictionary<string, string> Config);
