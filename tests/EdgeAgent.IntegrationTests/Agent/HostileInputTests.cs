using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// What a hostile or careless user does to a device, through the NativeAOT agent: each input is refused
/// with an exit code and a message naming the field or key, never a stack trace, and the device and
/// its state stay as they were (a correct manifest still applies afterwards).
/// </summary>
[Collection(DockerTests.Name)]
public sealed class HostileInputTests(DockerHost docker) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDirectory temp = new();
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        File.WriteAllBytes(temp.File("root.json"), SignRoot(rootKey, opKey));
        Directory.CreateDirectory(temp.File("binds"));
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
    }

    private static byte[] SignRoot(ECDsa root, ECDsa manifests) =>
        DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(RootDocument.Create(1, [root], 1, [manifests], 1, Now.AddYears(1))), [root]));

    private byte[] Sign(string json) => DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(json), [opKey]));

    private static string Json(long version, DateTimeOffset? issued = null, Func<string, string>? edit = null)
    {
        var json = Manifests.Stack(version: version, withWorker: false)
            .Replace("\"issuedAt\": \"2026-11-28T00:00:00Z\"", $"\"issuedAt\": \"{issued ?? Now.AddMinutes(version - 100):O}\"", StringComparison.Ordinal);
        return edit is null ? json : edit(json);
    }

    private async Task<(int ExitCode, string Output)> ApplyAsync(byte[] envelope, string? config = null)
    {
        File.WriteAllBytes(temp.File("m.dsse.json"), envelope);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.File("m.dsse.json"), "--once", "--config", config ?? temp.AgentConfig()], timeoutSeconds: 60);
        return (exit, stdout + stderr);
    }

    private static void NoStackTrace(string output) =>
        Assert.False(output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal), "stack trace:\n" + output);

    public static TheoryData<string, string, string> RefusedManifests() => new()
    {
        // name, reason code, what the message must name
        { "issued in 2099", "issued-in-future", "issuedAt" },
        { "version 2^63-1", "invalid-manifest", "$.metadata.version" },
        { "network name with a newline", "invalid-manifest", "$.spec.networks" },
        { "digest with a newline", "invalid-manifest", "$.spec.apps.itest-web.image" },
        { "one-character app", "invalid-manifest", "$.spec.apps.w" },
        { "timestamp without an offset", "invalid-manifest", "$.metadata.expiresAt" },
        { "content after the manifest", "invalid-manifest", "content after" },
        { "env value with NUL", "invalid-manifest", "$.spec.apps.itest-web.env.ROLE" },
        { "network mode in capitals", "invalid-manifest", "$.spec.apps.itest-web.security.networkMode" },
        { "symlink loop under an allowed prefix", "policy-denied", "$.spec.apps.itest-web.binds[0].source" },
        { "configured OVSDB socket under an allowed prefix", "policy-denied", "ovsdb-socket" },
        { "configured Docker socket's directory", "policy-denied", "docker-socket" },
    };

    [Theory]
    [MemberData(nameof(RefusedManifests))]
    public async Task A_hostile_manifest_is_refused_naming_the_field_and_changes_nothing(string name, string reason, string named)
    {
        var (baseline, baselineOut) = await ApplyAsync(Sign(Json(version: 5)));
        Assert.True(baseline == 0, baselineOut);
        var before = await docker.SnapshotAsync();
        var state = File.ReadAllBytes(temp.File("state/trust-state.json"));
        var config = temp.AgentConfig();
        var web = "\"itest-web\": {";
        byte[] envelope = name switch
        {
            "issued in 2099" => Sign(Json(6, issued: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)).Replace("\"expiresAt\": \"2036-01-01T00:00:00Z\"", "\"expiresAt\": \"2100-01-01T00:00:00Z\"", StringComparison.Ordinal)),
            "version 2^63-1" => Sign(Json(6).Replace("\"version\": 6", "\"version\": 9223372036854775807", StringComparison.Ordinal)),
            "network name with a newline" => Sign(Json(6).Replace("itest-net", "itest-net\\n", StringComparison.Ordinal)),
            "digest with a newline" => Sign(Json(6).Replace($"\"image\": \"{DockerHost.Image}\", \"command\": [\"sh\"", $"\"image\": \"{DockerHost.Image}@sha256:{new string('a', 64)}\\n\", \"command\": [\"sh\"", StringComparison.Ordinal)),
            "one-character app" => Sign(Json(6).Replace("\"itest-db\": {", "\"w\": { \"image\": \"x\" }, \"itest-db\": {", StringComparison.Ordinal)),
            "timestamp without an offset" => Sign(Json(6).Replace("\"expiresAt\": \"2036-01-01T00:00:00Z\"", "\"expiresAt\": \"2036-01-01T00:00:00\"", StringComparison.Ordinal)),
            "content after the manifest" => Sign(Json(6) + "{}"),
            "env value with NUL" => Sign(Json(6).Replace("\"ROLE\": \"web\"", "\"ROLE\": \"w\\u0000eb\"", StringComparison.Ordinal)),
            "network mode in capitals" => Sign(Json(6).Replace("\"readOnlyRootFs\": true,", "\"readOnlyRootFs\": true, \"networkMode\": \"HOST\",", StringComparison.Ordinal)),
            "symlink loop under an allowed prefix" => SymlinkLoop(web),
            "configured OVSDB socket under an allowed prefix" => ConfiguredSocket(web, ref config, "ovsdb", $"unix:{temp.File("binds/ovs/db.sock")}", temp.File("binds/ovs")),
            _ => ConfiguredSocket(web, ref config, "docker", $"unix://{temp.File("binds/run/docker.sock")}", temp.File("binds/run")),
        };

        var (exit, output) = await ApplyAsync(envelope, config);
        Assert.True(exit == 1, $"{name}: exit {exit}\n{output}");
        Assert.Contains($"({reason})", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", output, StringComparison.Ordinal);
        NoStackTrace(output);
        Assert.Equal(before, await docker.SnapshotAsync());
        Assert.Equal(state, File.ReadAllBytes(temp.File("state/trust-state.json")));

        // Nothing moved: the next correct manifest applies (a future-dated one did not freeze the clock floor).
        var (next, nextOut) = await ApplyAsync(Sign(Json(version: 6, edit: j => j.Replace("\"memory\": \"32Mi\"", "\"memory\": \"40Mi\"", StringComparison.Ordinal))));
        Assert.True(next == 0, nextOut);
        Assert.Equal(40L << 20, (await docker.InspectAsync("itest-db")).HostConfig.Memory);
    }

    private byte[] SymlinkLoop(string web)
    {
        File.CreateSymbolicLink(temp.File("binds/loop"), temp.File("binds/loop"));
        return Sign(Json(6).Replace(web, $"{web} \"binds\": [ {{ \"source\": \"{temp.File("binds/loop/x")}\", \"target\": \"/x\" }} ],", StringComparison.Ordinal));
    }

    /// <summary>The agent configured to use a socket under an allowed bind prefix, and a manifest binding that directory.</summary>
    private byte[] ConfiguredSocket(string web, ref string config, string key, string endpoint, string directory)
    {
        config = File.ReadAllText(temp.AgentConfig()).Replace(
            $"\"docker\": {{ \"endpoint\": \"{DockerHost.Endpoint}\" }},",
            key == "docker" ? $"\"docker\": {{ \"endpoint\": \"{endpoint}\" }}," : $"\"docker\": {{ \"endpoint\": \"{DockerHost.Endpoint}\" }}, \"ovsdb\": {{ \"endpoint\": \"{endpoint}\" }},",
            StringComparison.Ordinal);
        config = temp.Write("agent-socket.json", config);
        Directory.CreateDirectory(directory);
        return Sign(Json(6).Replace(web, $"{web} \"binds\": [ {{ \"source\": \"{directory}\", \"target\": \"/x\" }} ],", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_trust_root_file_never_stops_a_device_that_trusts_a_root()
    {
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 5)))).ExitCode);
        foreach (var damage in new[] { "[", "[{\"payloadType\": 1}]", "{", "", "\0\0\0" })
        {
            File.WriteAllText(temp.File("root.json"), damage);
            var version = 6 + Array.IndexOf(new[] { "[", "[{\"payloadType\": 1}]", "{", "", "\0\0\0" }, damage);
            var (exit, output) = await ApplyAsync(Sign(Json(version)));
            Assert.True(exit == 0, $"root file {damage}: exit {exit}\n{output}");
            NoStackTrace(output);
        }
    }

    [Fact]
    public async Task A_swapped_or_damaged_stored_root_stops_the_agent_at_start_with_the_key_named()
    {
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 5)))).ExitCode);
        var path = temp.File("state/trust-state.json");
        var original = File.ReadAllText(path);
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var swapped = System.Text.Json.Nodes.JsonNode.Parse(original)!;
        swapped["rootEnvelope"] = Convert.ToBase64String(SignRoot(attacker, attacker));
        var notBase64 = System.Text.Json.Nodes.JsonNode.Parse(original)!;
        notBase64["rootEnvelope"] = "%" + (string)notBase64["rootEnvelope"]!;
        foreach (var (what, content) in new[] { ("swapped root", swapped.ToJsonString()), ("root not base64", notBase64.ToJsonString()), ("not JSON", "{\"rootEnvelope\": ") })
        {
            File.WriteAllText(path, content);
            foreach (var command in new[] { "apply", "run" })
            {
                var args = command == "run" ? new[] { "run", "--config", temp.AgentConfig() } : ["apply", "--manifest", temp.File("m.dsse.json"), "--once", "--config", temp.AgentConfig()];
                var (exit, stdout, stderr) = await AgentProcess.RunAsync(args, timeoutSeconds: 30);
                Assert.True(exit == 2, $"{what}, {command}: exit {exit}\n{stdout}{stderr}");
                Assert.Contains("trust-state.json", stderr, StringComparison.Ordinal);
                NoStackTrace(stdout + stderr);
            }
        }

        File.WriteAllText(path, original);
        Assert.Equal(0, (await ApplyAsync(Sign(Json(version: 6)))).ExitCode);
    }

    public static TheoryData<string, string> BrokenConfigurations() => new()
    {
        { "trustRoot is a directory", "trustRoot" },
        { "trustRoot is a FIFO", "trustRoot" },
        { "trustRoot is /dev/zero", "trustRoot" },
        { "stateDir is a regular file", "stateDir" },
        { "stateDir under a regular file", "stateDir" },
        { "groups is a string", "groups" },
        { "configuration is a FIFO", "not a regular file" },
        { "manifest is a FIFO", "not a regular file" },
        { "manifest is /dev/zero", "not a regular file" },
    };

    [Theory]
    [MemberData(nameof(BrokenConfigurations))]
    public async Task A_broken_configuration_exits_2_naming_the_key_without_hanging(string name, string named)
    {
        var config = temp.AgentConfig();
        var manifest = temp.File("m.dsse.json");
        File.WriteAllBytes(manifest, Sign(Json(version: 1)));
        string Edit(string from, string to) => temp.Write("broken.json", File.ReadAllText(config).Replace(from, to, StringComparison.Ordinal));
        var trustRoot = $"\"trustRoot\": \"{temp.File("root.json")}\"";
        var stateDir = $"\"stateDir\": \"{temp.File("state")}\"";
        switch (name)
        {
            case "trustRoot is a directory":
                config = Edit(trustRoot, $"\"trustRoot\": \"{temp.File("binds")}\"");
                break;
            case "trustRoot is a FIFO":
                config = Edit(trustRoot, $"\"trustRoot\": \"{Fifo("root.fifo")}\"");
                break;
            case "trustRoot is /dev/zero":
                config = Edit(trustRoot, "\"trustRoot\": \"/dev/zero\"");
                break;
            case "stateDir is a regular file":
                config = Edit(stateDir, $"\"stateDir\": \"{temp.Write("state-file", "x")}\"");
                break;
            case "stateDir under a regular file":
                config = Edit(stateDir, $"\"stateDir\": \"{temp.Write("state-file", "x")}/state\"");
                break;
            case "groups is a string":
                config = Edit("\"groups\": [\"demo\"]", "\"groups\": \"demo\"");
                break;
            case "configuration is a FIFO":
                config = Fifo("agent.fifo");
                break;
            case "manifest is a FIFO":
                manifest = Fifo("m.fifo");
                break;
            default:
                manifest = "/dev/zero";
                break;
        }

        foreach (var args in new[] { new[] { "apply", "--manifest", manifest, "--once", "--config", config }, ["run", "--config", config] })
        {
            if (args[0] == "run" && name.StartsWith("manifest", StringComparison.Ordinal))
            {
                continue; // `run` takes its manifest from the configuration
            }

            var (exit, stdout, stderr) = await AgentProcess.RunAsync(args, timeoutSeconds: 20);
            Assert.True(exit == 2, $"{name} ({args[0]}): exit {exit}\n{stdout}{stderr}");
            Assert.Contains(named, stderr, StringComparison.Ordinal);
            NoStackTrace(stdout + stderr);
        }

        Assert.Empty(await docker.ManagedContainersAsync());
    }

    private string Fifo(string name)
    {
        var path = temp.File(name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    [Fact]
    public async Task A_configuration_refusal_is_terminal_not_retried()
    {
        // Valid syntax, but what Docker refuses and no retry can fix: more CPUs than the machine has
        // (refused at create), an executable the image lacks (refused at start).
        var cpus = Manifests.Stack(withWorker: false).Replace("\"cpusetCpus\": \"0\"", "\"cpusetCpus\": \"0-1023\"", StringComparison.Ordinal);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.Write("m.json", cpus), "--once", "--allow-unsigned", "--config", temp.AgentConfig()], timeoutSeconds: 60);
        Assert.True(exit == 1, stdout + stderr);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stdout, @"FAILED  create itest-web .* after 1 attempt\(s\) \[terminal\]"), stdout);
        NoStackTrace(stdout + stderr);

        await docker.ResetAsync();
        var program = Manifests.Stack(version: 2, withWorker: false).Replace("\"command\": [\"sleep\", \"3600\"], \"init\": true", "\"command\": [\"/no/such/program\"], \"init\": false", StringComparison.Ordinal);
        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.Write("m.json", program), "--once", "--allow-unsigned", "--config", temp.AgentConfig()], timeoutSeconds: 60);
        Assert.True(exit == 1, stdout + stderr);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(stdout, @"FAILED  start itest-db after 1 attempt\(s\) \[terminal\]"), stdout);
        NoStackTrace(stdout + stderr);
    }
}
