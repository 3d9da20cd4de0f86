namespace EdgeAgent.IntegrationTests;

/// <summary>Manifests for the integration tests, all on the locally built busybox image.</summary>
internal static class Manifests
{
    public static string Stack(long version = 1, string dbMemory = "32Mi", double webCpus = 0.5, bool withWorker = true, bool privilegedWeb = false, string webCommand = "httpd -f -p 8080 -h /var/www") => $$"""
        {
          "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "itest", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z",
                        "target": { "devices": ["pi-01"] } },
          "spec": {
            "networks": { "itest-net": { "subnet": "172.31.250.0/24", "mtu": 1462 } },
            "apps": {
              "itest-db": {
                "image": "{{DockerHost.Image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 3,
                "networks": ["itest-net"],
                "volumes": [ { "name": "itest-db-data", "target": "/data" } ],
                "resources": { "memory": "{{dbMemory}}", "memorySwap": "64Mi", "cpus": 0.25, "cpuShares": 256, "pidsLimit": 32, "blkioWeight": 300 }
              },
              "itest-web": {
                "image": "{{DockerHost.Image}}", "command": ["sh", "-c", "{{webCommand}}"], "init": true, "stopGracePeriodSeconds": 3,
                "dependsOn": ["itest-db"], "networks": ["itest-net"],
                "ports": [ { "host": 18980, "container": 8080, "hostIp": "127.0.0.1" } ],
                "env": { "ROLE": "web" },
                "healthcheck": { "test": ["CMD", "true"], "intervalSeconds": 5, "timeoutSeconds": 2, "retries": 2 },
                "resources": { "memory": "48Mi", "cpus": {{webCpus.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "cpusetCpus": "0", "pidsLimit": 64 },
                "security": { "readOnlyRootFs": true, "capDrop": ["NET_RAW"], "privileged": {{(privilegedWeb ? "true" : "false")}} }
              }{{(withWorker ? """
              ,
              "itest-worker": {
                "image": "edgeagent/busybox:1.35", "command": ["sleep", "3600"], "init": true,
                "dependsOn": ["itest-web"],
                "resources": { "memory": "16Mi", "cpuShares": 128, "pidsLimit": 16 }
              }
        """ : "")}}
            }
          }
        }
        """;
}
