namespace EdgeAgent.IntegrationTests.Agent;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("edgeagent-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>An agent.json for tests: state under this directory, digests not required (local images have none).</summary>
    public string AgentConfig(string? manifestFile = null, int resyncSeconds = 60, bool allowUnsigned = false, string device = "pi-01", string? broker = null, string[]? groups = null) => Write("agent.json", $$"""
        {
          "deviceId": "{{device}}",
          "groups": [{{string.Join(", ", (groups ?? ["demo"]).Select(g => $"\"{g}\""))}}],
          "stateDir": "{{File("state")}}",
          "trustRoot": "{{File("root.json")}}",
          "manifestFile": {{(manifestFile is null ? "null" : $"\"{manifestFile}\"")}},
          "allowUnsigned": {{(allowUnsigned ? "true" : "false")}},
          "docker": { "endpoint": "{{DockerHost.Endpoint}}" },{{(broker is null ? "" : $"\n  \"broker\": {broker},")}}
          "policy": { "requireDigest": false, "allowedBindPrefixes": ["{{File("binds")}}"] },
          "resyncSeconds": {{resyncSeconds}}
        }
        """);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
