namespace EdgeAgent.FleetBench;

/// <summary>The group manifest each round publishes: two apps, a dependency, and a memory limit that changes every version.</summary>
internal static class BenchManifest
{
    public static string Json(int version) => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "bench", "version": {{version}}, "issuedAt": "{{DateTimeOffset.UtcNow.AddMinutes(-10 + version):O}}", "expiresAt": "{{DateTimeOffset.UtcNow.AddDays(1):O}}",
                        "target": { "groups": ["{{FleetPki.Group}}"] } },
          "spec": { "apps": {
            "sensor": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"], "resources": { "memory": "{{16 + version}}Mi" } },
            "uplink": { "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"], "dependsOn": ["sensor"] } } }
        }
        """;
}
