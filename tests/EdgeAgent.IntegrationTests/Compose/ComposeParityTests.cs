extern alias edgectl;

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using EdgeAgent.Core.Manifests;
using EdgeAgent.IntegrationTests.Agent;
using edgectl::EdgeCtl.Compose;

namespace EdgeAgent.IntegrationTests.Compose;

/// <summary>
/// One compose file, two engines of deployment: docker-compose itself (Debian's 1.29, with
/// --compatibility so that deploy limits apply) and the agent applying the converted manifest. For
/// every field the converter maps, `docker inspect` of the containers must agree.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class ComposeParityTests(DockerHost docker) : IAsyncLifetime
{
    private const string Project = "edgeagentparity";
    private static readonly string Stack = Path.Combine(AppContext.BaseDirectory, "compose", "parity");
    private static readonly string[] Containers = ["parity-broker", "parity-app"];
    private readonly TempDirectory temp = new();

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        await ComposeAsync("down", "-v");
    }

    public async Task DisposeAsync()
    {
        await ComposeAsync("down", "-v");
        await docker.ResetAsync();
        foreach (var leftover in new[] { "backend", "frontend" })
        {
            try
            {
                await docker.Client.Networks.DeleteNetworkAsync(leftover);
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
            }
        }

        temp.Dispose();
    }

    [Fact]
    public async Task The_agent_and_docker_compose_create_the_same_containers()
    {
        var (code, output) = await ComposeAsync("--compatibility", "up", "-d");
        Assert.True(code == 0, output);
        var byCompose = await InspectAllAsync();
        await ComposeAsync("down", "-v");

        var yaml = await File.ReadAllTextAsync(Path.Combine(Stack, "docker-compose.yml"));
        var (manifest, _) = Convert(yaml, bindRoot: Stack, directory: Stack);
        var manifestFile = temp.Write("manifest.json", manifest.ToJsonString());
        var config = temp.Write("agent.json", $$"""
            {
              "deviceId": "pi-01", "groups": ["greenhouse"], "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}",
              "docker": { "endpoint": "{{DockerHost.Endpoint}}" },
              "policy": { "requireDigest": false, "allowedBindPrefixes": ["{{Stack}}"], "allowedCapAdd": ["NET_ADMIN"] }
            }
            """);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", manifestFile, "--allow-unsigned", "--config", config, "--once"]);
        Assert.True(exit == 0, stdout + stderr);
        var byAgent = await InspectAllAsync();

        var differences = Containers
            .SelectMany(container => byCompose[container]
                .Where(f => !(f.Key.StartsWith("log", StringComparison.Ordinal) && f.Value.Length == 0)) // uncapped in compose; the device's default cap with the agent
                .Where(f => byAgent[container].GetValueOrDefault(f.Key) != f.Value)
                .Select(f => $"{container}.{f.Key}: docker-compose '{f.Value}' | agent '{byAgent[container].GetValueOrDefault(f.Key)}'"))
            .ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.True(byCompose["parity-broker"].Count > 20, "the fields compared");
    }

    /// <summary>The converter in process, with the options of the fast lane's ComposeConverterTests; its output parses as a device parses it.</summary>
    private static (JsonObject Manifest, IReadOnlyList<ComposeProblem> Warnings) Convert(string yaml, string bindRoot, string directory)
    {
        var options = new ComposeOptions
        {
            Name = "stack",
            Version = 7,
            Groups = ["greenhouse"],
            BindRoot = bindRoot,
            IssuedAt = DateTimeOffset.Parse("2026-11-30T00:00:00Z", CultureInfo.InvariantCulture),
            ExpiresAt = DateTimeOffset.Parse("2027-03-01T00:00:00Z", CultureInfo.InvariantCulture),
            Variables = new Dictionary<string, string>(),
            Directory = directory,
        };
        var result = new ComposeConverter(options).Convert(yaml);
        ManifestParser.Parse(Encoding.UTF8.GetBytes(result.Manifest.ToJsonString()));
        return result;
    }

    private async Task<Dictionary<string, Dictionary<string, string>>> InspectAllAsync()
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in Containers)
        {
            result[name] = Fields(await docker.Client.Containers.InspectContainerAsync(name));
        }

        return result;
    }

    /// <summary>The inspected fields the converter maps, with compose's project prefix taken off names.</summary>
    private static Dictionary<string, string> Fields(ContainerInspectResponse c)
    {
        static string List(IEnumerable<string>? items) => string.Join(",", (items ?? []).Order(StringComparer.Ordinal));
        static string Name(string name) => name.StartsWith(Project + "_", StringComparison.Ordinal) ? name[(Project.Length + 1)..] : name;
        var host = c.HostConfig;
        var health = c.Config.Healthcheck;
        var logs = host.LogConfig?.Config ?? new Dictionary<string, string>();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["image"] = c.Config.Image,
            ["cmd"] = string.Join(" | ", c.Config.Cmd ?? []),
            ["entrypoint"] = string.Join(" | ", c.Config.Entrypoint ?? []),
            ["env"] = List(c.Config.Env),
            ["user"] = c.Config.User ?? "",
            // Unset, each engine has its own default (compose: the container id; the agent: the app's name).
            ["hostname"] = c.Config.Hostname is { } h && (c.ID.StartsWith(h, StringComparison.Ordinal) || h == c.Name.TrimStart('/')) ? "(default)" : c.Config.Hostname ?? "",
            // Unset values are Docker's defaults: every 30 s, a 30 s timeout, 3 retries.
            ["healthcheck"] = health is null ? "" : $"{string.Join(" ", health.Test ?? [])} every {Or(health.Interval, 30)} timeout {Or(health.Timeout, 30)} retries {(health.Retries is null or 0 ? 3 : health.Retries)} start {health.StartPeriod ?? TimeSpan.Zero}",
            ["ports"] = List((host.PortBindings ?? new Dictionary<string, IList<PortBinding>>()).SelectMany(p => p.Value.Select(b => $"{p.Key}->{b.HostIP}:{b.HostPort}"))),
            ["mounts"] = List(c.Mounts.Select(m => $"{m.Type}:{(m.Type == "volume" ? Name(m.Name) : m.Source)}:{m.Destination}:{(m.RW ? "rw" : "ro")}")),
            ["networks"] = List(c.NetworkSettings.Networks.Keys.Select(Name)),
            ["capAdd"] = List(host.CapAdd),
            ["capDrop"] = List(host.CapDrop),
            ["dns"] = List(host.DNS),
            ["extraHosts"] = List(host.ExtraHosts),
            ["init"] = (host.Init ?? false).ToString(),
            ["readOnly"] = host.ReadonlyRootfs.ToString(),
            ["memory"] = host.Memory.ToString(CultureInfo.InvariantCulture),
            ["memorySwap"] = host.MemorySwap.ToString(CultureInfo.InvariantCulture),
            ["nanoCpus"] = host.NanoCPUs.ToString(CultureInfo.InvariantCulture),
            ["cpuShares"] = host.CPUShares.ToString(CultureInfo.InvariantCulture),
            ["cpuset"] = host.CpusetCpus ?? "",
            ["blkioWeight"] = host.BlkioWeight.ToString(CultureInfo.InvariantCulture),
            ["pidsLimit"] = (host.PidsLimit ?? 0).ToString(CultureInfo.InvariantCulture),
            ["restart"] = $"{host.RestartPolicy.Name}:{host.RestartPolicy.MaximumRetryCount}",
            ["logMaxSize"] = logs.TryGetValue("max-size", out var size) ? Bytes(size) : "",
            ["logMaxFile"] = logs.TryGetValue("max-file", out var files) ? files : "",
        };
    }

    private static TimeSpan Or(TimeSpan? value, int defaultSeconds) => value is { } v && v > TimeSpan.Zero ? v : TimeSpan.FromSeconds(defaultSeconds);

    /// <summary>Docker keeps max-size as given: compose passes "1m", the agent bytes.</summary>
    private static string Bytes(string size) => size[^1] switch
    {
        'k' => (long.Parse(size[..^1], CultureInfo.InvariantCulture) << 10).ToString(CultureInfo.InvariantCulture),
        'm' => (long.Parse(size[..^1], CultureInfo.InvariantCulture) << 20).ToString(CultureInfo.InvariantCulture),
        'g' => (long.Parse(size[..^1], CultureInfo.InvariantCulture) << 30).ToString(CultureInfo.InvariantCulture),
        _ => size,
    };

    private static async Task<(int Code, string Output)> ComposeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Stack };
        foreach (var arg in (string[])["-p", Project, "-f", Path.Combine(Stack, "docker-compose.yml")])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start (build/setup.sh installs it)");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
