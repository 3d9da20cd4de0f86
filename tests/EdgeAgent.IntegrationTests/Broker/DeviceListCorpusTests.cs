using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EdgeAgent.Core.Intake;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Broker;

/// <summary>
/// The device-list corpus (tests/corpus/device-lists, with expected.tsv): the real edgectl reads each
/// list the same way for both commands that take one, `broker authorization --devices` and
/// `rollout start --devices` (byte-order marks, line ends, other encodings).
/// </summary>
public sealed partial class DeviceListCorpusTests : IDisposable
{
    private static readonly string Corpus = CorpusTable.Folder("device-lists");
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in CorpusTable.ForFiles(Corpus, "*.txt", columns: 3, atLeast: 10))
        {
            data.Add(row[0], row[1], row[2]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Broker_authorization_reads_each_list_as_expected(string file, string outcome, string says)
    {
        var list = Path.Combine(Corpus, file);
        var output = temp.File(file + ".conf");
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync("broker", "authorization", "--devices", list, "--format", "nats", "--out", output);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        if (outcome == "refused")
        {
            Assert.True(exit == 2, $"exit {exit}: {stderr}");
            Assert.Contains(list + says, stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
            return;
        }

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var members = File.ReadAllLines(output).Select(l => DeviceEntry().Match(l)).Where(m => m.Success && !m.Groups[1].Value.StartsWith("edge-", StringComparison.Ordinal))
            .Select(m => Member(m.Groups[1].Value, GroupSubject().Matches(m.Value).Select(g => g.Groups[1].Value)));
        Assert.Equal(says, string.Join(' ', members));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rollout_start_reads_each_list_as_expected(string file, string outcome, string says)
    {
        var list = Path.Combine(Corpus, file);

        // pi-99 is in no list: an accepted list is read to its end and then refuses it, before any broker is asked.
        var (exit, _, stderr) = await AgentProcess.RunEdgeCtlAsync(
            "rollout", "start", "--in", SignedForBarn(), "--group", "barn", "--devices", list, "--device", "pi-99", "--waves", "100%",
            "--broker", "mqtts://127.0.0.1:1", "--ca", temp.File("ca.pem"), "--cert", temp.File("operator.pem"), "--key", temp.File("operator.key"));
        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains(outcome == "refused" ? list + says : $"--device: pi-99 is not in group barn in {list}", stderr, StringComparison.Ordinal);
    }

    private static string Member(string device, IEnumerable<string> groups) =>
        groups.Any() ? $"{device}:{string.Join(',', groups)}" : device;

    private string SignedForBarn()
    {
        var manifest = """
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "barn", "version": 2, "issuedAt": "2026-01-01T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "groups": ["barn"] } },
              "spec": { "apps": { "sensor": { "image": "edgeagent/busybox:1.36", "command": ["sleep", "3600"] } } } }
            """;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = temp.File("barn-v2.dsse.json");
        File.WriteAllBytes(path, DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, Encoding.UTF8.GetBytes(manifest), [key])));
        return path;
    }

    [GeneratedRegex("""\{ user: "CN=([^"]+)".*""")]
    private static partial Regex DeviceEntry();

    [GeneratedRegex("""edge\.v1\.groups\.([^.]+)\.desired""")]
    private static partial Regex GroupSubject();
}
