using System.Text;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>Careless and hostile input to `edgectl rollout`: refused with the option named, nothing published.</summary>
public sealed partial class RolloutTests
{
    public static TheoryData<string, string[], int, string> BadInput() => new()
    {
        { "a wave that is not a size", ["--waves", "1,x"], 2, "--waves" },
        { "an empty wave", ["--waves", "0,100%"], 2, "--waves" },
        { "a share above 100%", ["--waves", "150%"], 2, "--waves" },
        { "a threshold that is not one", ["--max-failures", "many"], 2, "--max-failures" },
        { "a negative health period", ["--health-seconds", "-5"], 2, "--health-seconds" },
        { "a timeout that is not a duration", ["--wave-timeout", "soon"], 2, "--wave-timeout" },
        { "a group that is not a name", ["--group", "Green House"], 2, "--group" },
        { "an id that is not a name", ["--id", "../../x"], 2, "--id" },
        { "a special file", ["--in", "/dev/zero"], 2, "cannot read" },
        { "not an envelope", ["--in", "garbage"], 1, "--in" },
        { "a manifest for another group", ["--in", "other-group"], 2, "not wave-fail" },
        { "a group whose topic holds nothing", ["--group", "wave-empty", "--in", "wave-empty"], 1, "holds no manifest" },
        { "no device list and no device", ["--devices", "omit"], 2, "--devices FILE" },
        { "a device list with a bad line", ["--devices", "bad-list"], 2, "bad-list.txt:3" },
        { "a missing device list", ["--devices", "/nonexistent/devices.txt"], 2, "/nonexistent/devices.txt" },
        { "a --device the list does not put in the group", ["--device", "wf-99"], 2, "--device: wf-99 is not in group wave-fail" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_naming_what_is_wrong_and_nothing_is_published(string what, string[] change, int exitCode, string named)
    {
        var options = new Dictionary<string, string>
        {
            ["--in"] = Signed(RolloutFleet.FailGroup, 5, "1.36"),
            ["--group"] = RolloutFleet.FailGroup,
            ["--devices"] = Listed(RolloutFleet.FailGroup, RolloutFleet.DeviceIds("wf", 12)),
        };
        for (var i = 0; i < change.Length; i += 2)
        {
            if (change[i + 1] == "omit")
            {
                options.Remove(change[i]);
                continue;
            }

            options[change[i]] = change[i + 1] switch
            {
                "bad-list" => Write("bad-list.txt", "wf-00 wave-fail\n# ok\nWF 01 wave-fail\n"),
                "garbage" => Write("garbage.json", "{\"payloadType\": 7, \"payload\": [\"\u0000\"]"),
                "other-group" => Signed("barn", 5, "1.36"),
                "wave-empty" when change[i] == "--in" => Signed("wave-empty", 5, "1.36"),
                var value => value,
            };
        }

        var (exit, stdout, stderr) = await RunEdgeCtlAsync(["rollout", "start", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        Assert.True(exit == exitCode, $"{what}: exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // an error, never a stack trace
        Assert.Null(await RetainedAsync($"edge/v1/rollouts/{options["--group"]}-v5"));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("abort")]
    public async Task A_rollout_that_does_not_exist_is_named_in_the_error(string verb)
    {
        var (exit, stdout, stderr) = await RunEdgeCtlAsync(["rollout", verb, "no-such-rollout", .. verb == "resume" ? new[] { "--root", RootFile() } : []]);

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("no rollout no-such-rollout", stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = temp.File(name);
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }
}
