using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// The hostile-input corpus (tests/corpus/manifests, with expected.tsv): every manifest there, signed
/// by the operator's key so that only its content is at fault, is applied by the real agent to a
/// device running a stack on the real engine. Each must be refused with its reason and the field it
/// names (exit 1, no stack trace), and leave the containers and the trust state exactly as they were.
/// The same holds for the envelopes (tests/corpus/envelopes, offered as they are) and, with exit 2, for
/// the agent configurations (tests/corpus/configurations).
/// </summary>
[Collection(DockerTests.Name)]
public sealed class CorpusTests(DockerHost docker) : IAsyncLifetime
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "manifests");
    private static readonly string Envelopes = Path.Combine(AppContext.BaseDirectory, "corpus", "envelopes");
    private static readonly string Configurations = Path.Combine(AppContext.BaseDirectory, "corpus", "configurations");
    private readonly TempDirectory temp = new();
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256), opKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        var root = RootDocument.Create(1, [rootKey], 1, [opKey], 1, DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(temp.File("root.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [rootKey])));
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        temp.Dispose();
        rootKey.Dispose();
        opKey.Dispose();
    }

    private async Task<(int ExitCode, string Output)> ApplySignedAsync(byte[] payload, string config)
    {
        File.WriteAllBytes(temp.File("m.dsse.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, payload, [opKey])));
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", temp.File("m.dsse.json"), "--once", "--config", config], timeoutSeconds: 60);
        return (exit, stdout + stderr);
    }

    [Fact]
    public async Task Every_corpus_manifest_is_refused_with_its_reason_and_field_and_changes_nothing()
    {
        var (config, containers, trust) = await DeployedBaselineAsync();
        var wrong = new List<string>();
        var cases = CorpusTable.ForFiles(Corpus, "*.json", columns: 3, atLeast: 60);
        foreach (var (file, reason, named) in cases.Select(c => (c[0], c[1], c[2])))
        {
            var (exit, output) = await ApplySignedAsync(File.ReadAllBytes(Path.Combine(Corpus, file)), config);
            var problems = await Misbehaviour(exit, output, 1, reason, named, containers, trust);
            if (problems.Count > 0)
            {
                wrong.Add($"{file}: {string.Join(", ", problems)}\n    {output.ReplaceLineEndings("\n    ")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} corpus manifests misbehaved:\n" + string.Join("\n", wrong));
    }

    private async Task<(string Config, string Containers, byte[] Trust)> DeployedBaselineAsync()
    {
        var config = temp.AgentConfig();
        var (deployed, output) = await ApplySignedAsync(Encoding.UTF8.GetBytes(Manifests.Stack(version: 5, withWorker: false).Replace("2026-11-28T00:00:00Z", "2026-11-27T00:00:00Z", StringComparison.Ordinal)), config);
        Assert.True(deployed == 0, output);
        return (config, await docker.SnapshotAsync(), File.ReadAllBytes(temp.File("state/trust-state.json")));
    }

    private async Task<List<string>> Misbehaviour(int exit, string output, int wantExit, string? reason, string says, string containers, byte[] trust)
    {
        var problems = new List<string>();
        if (exit != wantExit)
        {
            problems.Add($"exit {exit}");
        }

        if (reason is not null && !output.Contains($"({reason})", StringComparison.Ordinal))
        {
            problems.Add($"no ({reason})");
        }

        if (!output.Contains(says, StringComparison.Ordinal))
        {
            problems.Add($"does not say {says}");
        }

        if (output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal))
        {
            problems.Add("stack trace");
        }

        if (await docker.SnapshotAsync() != containers || !File.ReadAllBytes(temp.File("state/trust-state.json")).AsSpan().SequenceEqual(trust))
        {
            problems.Add("the device changed");
        }

        return problems;
    }

    [Fact]
    public async Task Every_corpus_envelope_is_refused_with_its_reason_and_changes_nothing()
    {
        var (config, containers, trust) = await DeployedBaselineAsync();
        var wrong = new List<string>();
        foreach (var (file, reason, says) in CorpusTable.ForFiles(Envelopes, "*.json", columns: 3, atLeast: 30).Select(c => (c[0], c[1], c[2])))
        {
            var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Path.Combine(Envelopes, file), "--once", "--config", config], timeoutSeconds: 60);
            var problems = await Misbehaviour(exit, stdout + stderr, 1, reason, says, containers, trust);
            if (problems.Count > 0)
            {
                wrong.Add($"{file}: {string.Join(", ", problems)}\n    {(stdout + stderr).ReplaceLineEndings("\n    ")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} corpus envelopes misbehaved:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_corpus_configuration_stops_the_agent_with_exit_2_naming_the_key_and_changes_nothing()
    {
        var (_, containers, trust) = await DeployedBaselineAsync();
        File.WriteAllBytes(temp.File("m.dsse.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(Manifests.Stack(version: 6, withWorker: true)), [opKey])));
        var wrong = new List<string>();
        foreach (var (file, says) in CorpusTable.ForFiles(Configurations, "*.json", columns: 2, atLeast: 30).Select(c => (c[0], c[1])))
        {
            var config = temp.Write("corpus-agent.json", File.ReadAllText(Path.Combine(Configurations, file)).Replace("$TEMP", temp.Path, StringComparison.Ordinal));
            foreach (var args in new[] { new[] { "apply", "--manifest", temp.File("m.dsse.json"), "--once", "--config", config }, ["run", "--config", config] })
            {
                var (exit, stdout, stderr) = await AgentProcess.RunAsync(args, timeoutSeconds: 20);
                var problems = await Misbehaviour(exit, stdout + stderr, 2, null, says, containers, trust);
                if (problems.Count > 0)
                {
                    wrong.Add($"{file} ({args[0]}): {string.Join(", ", problems)}\n    {(stdout + stderr).ReplaceLineEndings("\n    ")}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} corpus configurations misbehaved:\n" + string.Join("\n", wrong));
    }
}
