namespace EdgeAgent.IntegrationTests;

/// <summary>The agent.json the integration tests' agents run with, written into their scratch directory.</summary>
internal static class AgentConfigFile
{
    /// <summary>An agent.json for tests: state under this directory, digests not required (local images have none).</summary>
    public static string AgentConfig(this TempDirectory temp, string? manifestFile = null, int resyncSeconds = 60, bool allowUnsigned = false, string device = "pi-01", string? broker = null, string[]? groups = null) => temp.Write("agent.json", $$"""
        {
          "deviceId": "{{device}}",
          "groups": [{{string.Join(", ", (groups ?? ["demo"]).Select(g => $"\"{g}\""))}}],
          "stateDir": "{{temp.File("state")}}",
          "trustRoot": "{{temp.File("root.json")}}",
          "manifestFile": {{(manifestFile is null ? "null" : $"\"{manifestFile}\"")}},
          "allowUnsigned": {{(allowUnsigned ? "true" : "false")}},
          "docker": { "endpoint": "{{DockerHost.Endpoint}}" },{{(broker is null ? "" : $"\n  \"broker\": {broker},")}}
          "policy": { "requireDigest": false, "allowedBindPrefixes": ["{{temp.File("binds")}}"] },
          "resyncSeconds": {{resyncSeconds}}
        }
        """);
}
