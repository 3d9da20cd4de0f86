using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// The hostile-input corpus (tests/corpus/manifests, with expected.tsv): every manifest there, signed
/// by the operator's key so that only its content is at fault, is applied by the real agent to a
/// device running a stack on the real engine. Each must be refused with its reason and the field it
/// names (exit 1, no stack trace), and leave the containers and the trust state exactly as they were.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class CorpusTests(DockerHost docker) : IAsyncLifetime
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "corpus", "manifests");
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
        var config = temp.AgentConfig();
        var baseline = Manifests.Stack(version: 5, withWorker: false).Replace("2026-11-28T00:00:00Z", "2026-11-27T00:00:00Z", StringComparison.Ordinal);
        var (deployed, deployedOut) = await ApplySignedAsync(Encoding.UTF8.GetBytes(baseline), config);
        Assert.True(deployed == 0, deployedOut);
        var containers = await docker.SnapshotAsync();
        var trust = File.ReadAllBytes(temp.File("state/trust-state.json"));

        var cases = File.ReadAllLines(Path.Combine(Corpus, "expected.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.True(cases.Count >= 60, $"the corpus has {cases.Count} manifests");
        Assert.Equal(cases.Select(c => c[0]).Order(StringComparer.Ordinal), Directory.EnumerateFiles(Corpus, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var wrong = new List<string>();
        foreach (var (file, reason, named) in cases.Select(c => (c[0], c[1], c[2])))
        {
            var (exit, output) = await ApplySignedAsync(File.ReadAllBytes(Path.Combine(Corpus, file)), config);
            var problems = new List<string>();
            if (exit != 1)
            {
                problems.Add($"exit {exit}");
            }

            if (!output.Contains($"({reason})", StringComparison.Ordinal))
            {
                problems.Add($"no ({reason})");
            }

            if (!output.Contains(named, StringComparison.Ordinal))
            {
                problems.Add($"does not name {named}");
            }

            if (output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal))
            {
                problems.Add("stack trace");
            }

            if (await docker.SnapshotAsync() != containers || !File.ReadAllBytes(temp.File("state/trust-state.json")).AsSpan().SequenceEqual(trust))
            {
                problems.Add("the device changed");
            }

            if (problems.Count > 0)
            {
                wrong.Add($"{file}: {string.Join(", ", problems)}\n    {output.ReplaceLineEndings("\n    ")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} corpus manifests misbehaved:\n" + string.Join("\n", wrong));
    }
}
