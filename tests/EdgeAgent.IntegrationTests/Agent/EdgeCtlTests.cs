namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>The operator's workflow with the real edgectl program, ending on the real agent and Docker.</summary>
[Collection(DockerTests.Name)]
public sealed class EdgeCtlTests(DockerHost docker) : EngineTest(docker)
{
    private static async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        Assert.True(exit == 0, $"edgectl {string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        return stdout.Trim();
    }

    [Fact]
    public async Task Keys_root_sign_verify_and_the_agent_applies_what_was_signed()
    {
        var rootKeyId = await OkAsync("key", "generate", "--out", Temp.File("root.pem"));
        Assert.Matches("^[0-9a-f]{64}$", rootKeyId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Temp.File("root.pem")));
        Assert.Equal(rootKeyId, await OkAsync("key", "public", "--in", Temp.File("root.pem"), "--out", Temp.File("root.pub.pem")));
        Assert.Contains("PUBLIC KEY", File.ReadAllText(Temp.File("root.pub.pem")), StringComparison.Ordinal);

        var (exists, _, existsErr) = await AgentProcess.RunEdgeCtlAsync("key", "generate", "--out", Temp.File("root.pem"));
        Assert.Equal(2, exists);
        Assert.Contains("already exists", existsErr, StringComparison.Ordinal);

        await OkAsync("key", "generate", "--out", Temp.File("op1.pem"));
        await OkAsync("key", "generate", "--out", Temp.File("op2.pem"));
        await OkAsync("root", "init", "--root-key", Temp.File("root.pem"), "--root-threshold", "1",
            "--manifests-key", Temp.File("op1.pem"), Temp.File("op2.pem"), "--manifests-threshold", "1", "--expires", "30d", "--out", Temp.File("root.json"));

        File.WriteAllText(Temp.File("m.json"), Manifests.Stack());
        await OkAsync("manifest", "sign", "--key", Temp.File("op1.pem"), "--in", Temp.File("m.json"), "--out", Temp.File("m.dsse.json"));
        Assert.Contains("valid: itest v1", await OkAsync("manifest", "verify", "--root", Temp.File("root.json"), "--in", Temp.File("m.dsse.json"), "--device", "pi-01"), StringComparison.Ordinal);

        var (foreign, _, foreignErr) = await AgentProcess.RunEdgeCtlAsync("manifest", "verify", "--root", Temp.File("root.json"), "--in", Temp.File("m.dsse.json"), "--device", "pi-09");
        Assert.Equal(1, foreign);
        Assert.Contains("wrong-target", foreignErr, StringComparison.Ordinal);

        var (unreadable, _, _) = await AgentProcess.RunEdgeCtlAsync("manifest", "verify", "--root", Temp.File("root.json"), "--in", Temp.File("missing.json"));
        Assert.Equal(2, unreadable);

        // An invalid manifest is never signed.
        File.WriteAllText(Temp.File("bad.json"), Manifests.Stack().Replace("\"32Mi\"", "\"32MB\"", StringComparison.Ordinal));
        var (bad, _, badErr) = await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--key", Temp.File("op1.pem"), "--in", Temp.File("bad.json"), "--out", Temp.File("bad.dsse.json"));
        Assert.Equal(1, bad);
        Assert.Contains("$.spec.apps.itest-db.resources.memory", badErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Temp.File("bad.dsse.json")));

        // The device trusts root.json and applies the signed manifest: no --allow-unsigned needed.
        var (applied, appliedOut, appliedErr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.File("m.dsse.json"), "--once", "--config", Temp.AgentConfig()]);
        Assert.True(applied == 0, appliedOut + appliedErr);
        Assert.Equal(3, (await Engine.ManagedContainersAsync()).Count);

        // Rotate: op1 is retired. Signed by the (unchanged) root key; the agent picks up root.json v2.
        await OkAsync("root", "rotate", "--root", Temp.File("root.json"), "--sign-key", Temp.File("root.pem"), "--manifests-key", Temp.File("op2.pem"), "--out", Temp.File("root2.json"));
        File.Copy(Temp.File("root2.json"), Temp.File("root.json"), overwrite: true);
        File.WriteAllText(Temp.File("m2.json"), Manifests.Stack(version: 2, dbMemory: "40Mi"));
        await OkAsync("manifest", "sign", "--key", Temp.File("op1.pem"), "--in", Temp.File("m2.json"), "--out", Temp.File("m2-old.dsse.json"));
        await OkAsync("manifest", "sign", "--key", Temp.File("op2.pem"), "--in", Temp.File("m2.json"), "--out", Temp.File("m2.dsse.json"));
        var (retired, _, retiredErr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.File("m2-old.dsse.json"), "--once", "--config", Temp.AgentConfig()]);
        Assert.Equal(1, retired);
        Assert.Contains("signature-threshold-not-met", retiredErr, StringComparison.Ordinal);
        var (rotated, rotatedOut, rotatedErr) = await AgentProcess.RunAsync(["apply", "--manifest", Temp.File("m2.dsse.json"), "--once", "--config", Temp.AgentConfig()]);
        Assert.True(rotated == 0, rotatedOut + rotatedErr);
        Assert.Equal(40L << 20, (await Engine.InspectAsync("itest-db")).HostConfig.Memory);

        // A rotation the devices would refuse is refused by edgectl already.
        var (refused, _, refusedErr) = await AgentProcess.RunEdgeCtlAsync("root", "rotate", "--root", Temp.File("root2.json"), "--sign-key", Temp.File("op2.pem"), "--out", Temp.File("root3.json"));
        Assert.Equal(1, refused);
        Assert.Contains("signature-threshold-not-met", refusedErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_provision_carries_the_images_in_the_bundle_and_refuses_one_the_engine_does_not_have()
    {
        await OkAsync("ca", "init", "--out", Temp.File("ca"));
        await OkAsync("key", "generate", "--out", Temp.File("root.pem"));
        await OkAsync("root", "init", "--root-key", Temp.File("root.pem"), "--manifests-key", Temp.File("root.pem"), "--out", Temp.File("root.json"));

        var output = await OkAsync("device", "provision", "--device", "pi-09", "--ca", Temp.File("ca"), "--root", Temp.File("root.json"),
            "--broker", "mqtts://broker.example:8883", "--images", DockerHost.Image, "--out", Temp.File("boot"));
        Assert.Contains("images.tar", output, StringComparison.Ordinal);
        var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sha256sum", "--check --strict SHA256SUMS") { WorkingDirectory = Temp.File("boot"), RedirectStandardOutput = true })!;
        await check.WaitForExitAsync();
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("images.tar", await File.ReadAllTextAsync(Temp.File("boot/SHA256SUMS")), StringComparison.Ordinal);
        var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("tar", $"-tf {Temp.File("boot/images.tar")}") { RedirectStandardOutput = true })!;
        var entries = await list.StandardOutput.ReadToEndAsync();
        await list.WaitForExitAsync();
        Assert.Contains("manifest.json", entries, StringComparison.Ordinal);

        var (code, _, stderr) = await AgentProcess.RunEdgeCtlAsync("device", "provision", "--device", "pi-10", "--ca", Temp.File("ca"), "--root", Temp.File("root.json"),
            "--broker", "mqtts://broker.example:8883", "--images", "edgeagent/no-such-image:0", "--out", Temp.File("boot10"));
        Assert.Equal(1, code);
        Assert.Contains("--images: edgeagent/no-such-image:0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_provision_refuses_a_bootstrap_app_pinned_by_a_registry_digest_that_docker_load_would_drop()
    {
        // The image as a registry gives it: with a registry digest (build/registry.sh pushed it).
        const string Remote = "127.0.0.1:5000/edgeagent/busybox:1.35";
        await Engine.Client.Images.CreateImageAsync(new global::Docker.DotNet.Models.ImagesCreateParameters { FromImage = "127.0.0.1:5000/edgeagent/busybox", Tag = "1.35" }, null, new Progress<global::Docker.DotNet.Models.JSONMessage>());
        var image = await Engine.Client.Images.InspectImageAsync(Remote);
        var pinned = image.RepoDigests.Single(d => d.StartsWith("127.0.0.1:5000/", StringComparison.Ordinal));
        await OkAsync("ca", "init", "--out", Temp.File("ca"));
        await OkAsync("key", "generate", "--out", Temp.File("root.pem"));
        await OkAsync("root", "init", "--root-key", Temp.File("root.pem"), "--manifests-key", Temp.File("root.pem"), "--out", Temp.File("root.json"));
        async Task<(int Code, string Stderr)> ProvisionAsync(string appImage, string outDir)
        {
            File.WriteAllText(Temp.File("m.json"), Manifests.Stack(withWorker: false).Replace($"\"{DockerHost.Image}\"", $"\"{appImage}\"", StringComparison.Ordinal));
            await OkAsync("manifest", "sign", "--key", Temp.File("root.pem"), "--in", Temp.File("m.json"), "--out", Temp.File("m.dsse.json"));
            var (code, _, stderr) = await AgentProcess.RunEdgeCtlAsync("device", "provision", "--device", "pi-01", "--ca", Temp.File("ca"), "--root", Temp.File("root.json"),
                "--broker", "mqtts://broker.example:8883", "--manifest", Temp.File("m.dsse.json"), "--images", Remote, "--out", Temp.File(outDir));
            return (code, stderr);
        }

        var (digestCode, digestErr) = await ProvisionAsync(pinned, "by-digest");
        Assert.Equal(1, digestCode);
        Assert.Contains($"image {pinned} is pinned by its registry digest", digestErr, StringComparison.Ordinal);
        Assert.Contains($"\"image\": \"{image.ID}\"", digestErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Temp.File("by-digest")), "nothing is written for a bundle that cannot start offline");

        var (idCode, idErr) = await ProvisionAsync(image.ID, "by-id");
        Assert.True(idCode == 0, idErr);
        Assert.DoesNotContain("warning", idErr, StringComparison.Ordinal);

        var (tagCode, tagErr) = await ProvisionAsync("edgeagent/not-carried:1", "by-tag");
        Assert.Equal(0, tagCode);
        Assert.Contains("edgeagent/not-carried:1 is not carried (--images); the device needs its registry", tagErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_provision_writes_an_identity_and_a_configuration_the_agent_accepts()
    {
        await OkAsync("ca", "init", "--out", Temp.File("ca"));
        await OkAsync("key", "generate", "--out", Temp.File("root.pem"));
        await OkAsync("root", "init", "--root-key", Temp.File("root.pem"), "--manifests-key", Temp.File("root.pem"), "--out", Temp.File("root.json"));
        File.WriteAllText(Temp.File("m.json"), Manifests.Stack().Replace("\"devices\": [\"pi-01\"]", "\"groups\": [\"greenhouse\"]", StringComparison.Ordinal));
        await OkAsync("manifest", "sign", "--key", Temp.File("root.pem"), "--in", Temp.File("m.json"), "--out", Temp.File("m.dsse.json"));

        var output = await OkAsync("device", "provision", "--device", "pi-07", "--group", "greenhouse", "--ca", Temp.File("ca"), "--root", Temp.File("root.json"),
            "--broker", "mqtts://broker.example:8883", "--manifest", Temp.File("m.dsse.json"), "--out", Temp.File("boot"));
        Assert.Contains("topic read edge/v1/groups/greenhouse/desired", output, StringComparison.Ordinal);

        foreach (var file in new[] { "device.pem", "device.key", "ca.pem", "root.json", "agent.json", "bootstrap.dsse.json" })
        {
            Assert.True(File.Exists(Temp.File("boot/" + file)), file);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Temp.File("boot/device.key")));
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(Temp.File("boot/device.pem"), Temp.File("boot/device.key"));
        Assert.Equal("CN=pi-07", cert.Subject);
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Temp.File("boot/ca.pem"))));
        Assert.True(chain.Build(cert), "device certificate chains to the fleet CA");

        var options = EdgeAgent.Configuration.AgentConfiguration.Load(Temp.File("boot/agent.json"));
        Assert.Equal("pi-07", options.DeviceId);
        Assert.Equal(["greenhouse"], options.Groups);
        Assert.Equal("/etc/edge-agent/bootstrap.dsse.json", options.ManifestFile);
        Assert.Equal("mqtts://broker.example:8883", Assert.Single(options.Broker!.Endpoints).Url);

        // Every file of the bundle is in its checksum list, as sha256sum checks it.
        var sums = File.ReadAllLines(Temp.File("boot/SHA256SUMS"))[..^1];
        Assert.Equal(EdgeAgent.Provisioning.BundleEntry.EndLine(6), File.ReadAllLines(Temp.File("boot/SHA256SUMS"))[^1]);
        Assert.Equal(["agent.json", "bootstrap.dsse.json", "ca.pem", "device.key", "device.pem", "root.json"], sums.Select(l => l.Split("  ")[1]));
        foreach (var line in sums)
        {
            var (hash, file) = (line.Split("  ")[0], line.Split("  ")[1]);
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Temp.File("boot/" + file)))));
        }

        // A bootstrap manifest for another device is refused before anything is written.
        File.WriteAllText(Temp.File("other.json"), Manifests.Stack());
        await OkAsync("manifest", "sign", "--key", Temp.File("root.pem"), "--in", Temp.File("other.json"), "--out", Temp.File("other.dsse.json"));
        var (refused, _, refusedErr) = await AgentProcess.RunEdgeCtlAsync("device", "provision", "--device", "pi-08", "--ca", Temp.File("ca"), "--root", Temp.File("root.json"),
            "--broker", "mqtts://broker.example:8883", "--manifest", Temp.File("other.dsse.json"), "--out", Temp.File("boot8"));
        Assert.Equal(1, refused);
        Assert.Contains("wrong-target", refusedErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Temp.File("boot8")));
    }

    [Fact]
    public async Task Sign_refuses_what_devices_would_refuse_or_could_never_use()
    {
        await OkAsync("key", "generate", "--out", Temp.File("op.pem"));
        var cases = new (string Name, string Json, string Named)[]
        {
            ("issued in 2099", Manifests.Stack().Replace("2026-11-28T00:00:00Z", "2099-01-01T00:00:00Z", StringComparison.Ordinal).Replace("2036-01-01T00:00:00Z", "2100-01-01T00:00:00Z", StringComparison.Ordinal), "$.metadata.issuedAt"),
            ("expired", Manifests.Stack().Replace("2026-11-28T00:00:00Z", "2020-01-01T00:00:00Z", StringComparison.Ordinal).Replace("2036-01-01T00:00:00Z", "2020-02-01T00:00:00Z", StringComparison.Ordinal), "$.metadata.expiresAt"),
            ("version 2^63-1", Manifests.Stack().Replace("\"version\": 1", "\"version\": 9223372036854775807", StringComparison.Ordinal), "$.metadata.version"),
            ("trailing content", Manifests.Stack() + "{}", "content after"),
        };
        foreach (var (name, json, named) in cases)
        {
            File.WriteAllText(Temp.File("m.json"), json);
            var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--key", Temp.File("op.pem"), "--in", Temp.File("m.json"), "--out", Temp.File("m.dsse.json"));
            Assert.True(exit == 1, $"{name}: exit {exit}\n{stdout}{stderr}");
            Assert.Contains(named, stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Temp.File("m.dsse.json")), name);
        }

        // Special files as input: refused at once, not read for ever.
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Temp.File("in.fifo")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        foreach (var special in new[] { Temp.File("in.fifo"), "/dev/zero", Temp.Path })
        {
            var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--key", Temp.File("op.pem"), "--in", special, "--out", Temp.File("m.dsse.json"));
            Assert.True(exit == 2, $"{special}: exit {exit}\n{stderr}");
            Assert.Contains("not a regular file", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Usage_errors_exit_two()
    {
        Assert.Equal(2, (await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--in", "x")).ExitCode);
        Assert.Equal(2, (await AgentProcess.RunEdgeCtlAsync("nonsense")).ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", (await AgentProcess.RunEdgeCtlAsync("--version")).Stdout);
    }
}
