namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>The operator's workflow with the real edgectl program, ending on the real agent and Docker.</summary>
[Collection(DockerTests.Name)]
public sealed class EdgeCtlTests(DockerHost docker) : IAsyncLifetime
{
    private readonly TempDirectory temp = new();

    public Task InitializeAsync() => docker.ResetAsync();

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
    }

    private static async Task<string> OkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await AgentProcess.RunEdgeCtlAsync(args);
        Assert.True(exit == 0, $"edgectl {string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        return stdout.Trim();
    }

    [Fact]
    public async Task Keys_root_sign_verify_and_the_agent_applies_what_was_signed()
    {
        var rootKeyId = await OkAsync("key", "generate", "--out", temp.File("root.pem"));
        Assert.Matches("^[0-9a-f]{64}$", rootKeyId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.File("root.pem")));
        Assert.Equal(rootKeyId, await OkAsync("key", "public", "--in", temp.File("root.pem"), "--out", temp.File("root.pub.pem")));
        Assert.Contains("PUBLIC KEY", File.ReadAllText(temp.File("root.pub.pem")), StringComparison.Ordinal);

        var (exists, _, existsErr) = await AgentProcess.RunEdgeCtlAsync("key", "generate", "--out", temp.File("root.pem"));
        Assert.Equal(2, exists);
        Assert.Contains("already exists", existsErr, StringComparison.Ordinal);

        await OkAsync("key", "generate", "--out", temp.File("op1.pem"));
        await OkAsync("key", "generate", "--out", temp.File("op2.pem"));
        await OkAsync("root", "init", "--root-key", temp.File("root.pem"), "--root-threshold", "1",
            "--manifests-key", temp.File("op1.pem"), temp.File("op2.pem"), "--manifests-threshold", "1", "--expires", "30d", "--out", temp.File("root.json"));

        File.WriteAllText(temp.File("m.json"), Manifests.Stack());
        await OkAsync("manifest", "sign", "--key", temp.File("op1.pem"), "--in", temp.File("m.json"), "--out", temp.File("m.dsse.json"));
        Assert.Contains("valid: itest v1", await OkAsync("manifest", "verify", "--root", temp.File("root.json"), "--in", temp.File("m.dsse.json"), "--device", "pi-01"), StringComparison.Ordinal);

        var (foreign, _, foreignErr) = await AgentProcess.RunEdgeCtlAsync("manifest", "verify", "--root", temp.File("root.json"), "--in", temp.File("m.dsse.json"), "--device", "pi-09");
        Assert.Equal(1, foreign);
        Assert.Contains("wrong-target", foreignErr, StringComparison.Ordinal);

        var (unreadable, _, _) = await AgentProcess.RunEdgeCtlAsync("manifest", "verify", "--root", temp.File("root.json"), "--in", temp.File("missing.json"));
        Assert.Equal(2, unreadable);

        // An invalid manifest is never signed.
        File.WriteAllText(temp.File("bad.json"), Manifests.Stack().Replace("\"32Mi\"", "\"32MB\"", StringComparison.Ordinal));
        var (bad, _, badErr) = await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--key", temp.File("op1.pem"), "--in", temp.File("bad.json"), "--out", temp.File("bad.dsse.json"));
        Assert.Equal(1, bad);
        Assert.Contains("$.spec.apps.itest-db.resources.memory", badErr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("bad.dsse.json")));

        // The device trusts root.json and applies the signed manifest: no --allow-unsigned needed.
        var (applied, appliedOut, appliedErr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.File("m.dsse.json"), "--once", "--config", temp.AgentConfig()]);
        Assert.True(applied == 0, appliedOut + appliedErr);
        Assert.Equal(3, (await docker.ManagedContainersAsync()).Count);

        // Rotate: op1 is retired. Signed by the (unchanged) root key; the agent picks up root.json v2.
        await OkAsync("root", "rotate", "--root", temp.File("root.json"), "--sign-key", temp.File("root.pem"), "--manifests-key", temp.File("op2.pem"), "--out", temp.File("root2.json"));
        File.Copy(temp.File("root2.json"), temp.File("root.json"), overwrite: true);
        File.WriteAllText(temp.File("m2.json"), Manifests.Stack(version: 2, dbMemory: "40Mi"));
        await OkAsync("manifest", "sign", "--key", temp.File("op1.pem"), "--in", temp.File("m2.json"), "--out", temp.File("m2-old.dsse.json"));
        await OkAsync("manifest", "sign", "--key", temp.File("op2.pem"), "--in", temp.File("m2.json"), "--out", temp.File("m2.dsse.json"));
        var (retired, _, retiredErr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.File("m2-old.dsse.json"), "--once", "--config", temp.AgentConfig()]);
        Assert.Equal(1, retired);
        Assert.Contains("signature-threshold-not-met", retiredErr, StringComparison.Ordinal);
        var (rotated, rotatedOut, rotatedErr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.File("m2.dsse.json"), "--once", "--config", temp.AgentConfig()]);
        Assert.True(rotated == 0, rotatedOut + rotatedErr);
        Assert.Equal(40L << 20, (await docker.InspectAsync("itest-db")).HostConfig.Memory);

        // A rotation the devices would refuse is refused by edgectl already.
        var (refused, _, refusedErr) = await AgentProcess.RunEdgeCtlAsync("root", "rotate", "--root", temp.File("root2.json"), "--sign-key", temp.File("op2.pem"), "--out", temp.File("root3.json"));
        Assert.Equal(1, refused);
        Assert.Contains("signature-threshold-not-met", refusedErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_two()
    {
        Assert.Equal(2, (await AgentProcess.RunEdgeCtlAsync("manifest", "sign", "--in", "x")).ExitCode);
        Assert.Equal(2, (await AgentProcess.RunEdgeCtlAsync("nonsense")).ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", (await AgentProcess.RunEdgeCtlAsync("--version")).Stdout);
    }
}
