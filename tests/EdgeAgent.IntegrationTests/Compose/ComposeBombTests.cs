using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Compose;

/// <summary>
/// The hostile compose corpus (tests/corpus/compose-bombs, with expected.tsv): alias and merge-key
/// bombs, deep nesting of every kind, deep interpolation, long values, many keys and lines, each given
/// to the real `edgectl manifest from-compose` process (the NativeAOT binary in CI, whose stack is the
/// smallest). Each must end with its exit code and message naming the line and the limit (never a
/// crash, a hang or a stack trace) and write nothing when refused; afterwards the stacks of
/// tests/compose still convert.
/// </summary>
public sealed class ComposeBombTests : IDisposable
{
    private static readonly string Corpus = CorpusTable.Folder("compose-bombs");
    private static readonly string Stacks = Path.Combine(AppContext.BaseDirectory, "compose");
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private Task<(int ExitCode, string Stdout, string Stderr)> FromComposeAsync(string file, params string[] more) =>
        AgentProcess.RunEdgeCtlAsync(["manifest", "from-compose", file, "--name", "bombs", "--version", "1", "--group", "greenhouse", "--bind-root", "/srv/edge/bombs", "--out", temp.File("out.json"), .. more]);

    [Fact]
    public async Task Every_compose_bomb_ends_with_its_exit_code_and_message_and_writes_nothing_when_refused()
    {
        var cases = CorpusTable.ForFiles(Corpus, "*.yml", columns: 3, atLeast: 18);
        var wrong = new List<string>();
        foreach (var (file, wantExit, says) in cases.Select(c => (c[0], int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), c[2])))
        {
            File.Delete(temp.File("out.json"));
            var (exit, stdout, stderr) = await FromComposeAsync(Path.Combine(Corpus, file));
            var output = stdout + stderr;
            var problems = new List<string>();
            if (exit != wantExit)
            {
                problems.Add($"exit {exit}");
            }

            if (!output.Contains(says, StringComparison.Ordinal))
            {
                problems.Add($"does not say {says}");
            }

            if (output.Contains("   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal))
            {
                problems.Add("stack trace");
            }

            if (exit != 0 && File.Exists(temp.File("out.json")))
            {
                problems.Add("wrote a manifest");
            }

            if (problems.Count > 0)
            {
                wrong.Add($"{file}: {string.Join(", ", problems)}\n    {(output.Length > 2000 ? output[..2000] + "..." : output).ReplaceLineEndings("\n    ")}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} compose bombs misbehaved:\n" + string.Join("\n", wrong));

        // The limits leave real stacks alone.
        foreach (var (stack, env) in new[] { ("thesis-stack.yml", "thesis-stack.env"), ("iotstack.yml", null), ("parity/docker-compose.yml", "parity/parity.env") })
        {
            var (exit, stdout, stderr) = await FromComposeAsync(Path.Combine(Stacks, stack), env is null ? [] : ["--env-file", Path.Combine(Stacks, env)]);
            Assert.True(exit == 0, $"{stack}: exit {exit}\n{stdout}{stderr}");
            Assert.Contains("wrote bombs v1", stdout, StringComparison.Ordinal);
        }
    }
}
