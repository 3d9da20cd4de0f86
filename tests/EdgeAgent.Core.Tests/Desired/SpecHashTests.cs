using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Desired;

public sealed class SpecHashTests
{
    private static string HashOf(AppSpec app) => DesiredOf(("web", app)).Apps["web"].SpecHash;

    [Fact]
    public void Limits_do_not_change_the_hash()
    {
        Assert.Equal(HashOf(App(memory: "64Mi", cpus: 0.5)), HashOf(App(memory: "128Mi", cpus: 1)));
    }

    [Fact]
    public void State_does_not_change_the_hash()
    {
        Assert.Equal(HashOf(App()), HashOf(App(state: AppState.Stopped)));
    }

    [Fact]
    public void Env_order_does_not_change_the_hash()
    {
        var a = App() with { Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" } };
        var b = App() with { Env = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" } };
        Assert.Equal(HashOf(a), HashOf(b));
    }

    [Theory]
    [InlineData("image")]
    [InlineData("command")]
    [InlineData("env")]
    [InlineData("ports")]
    [InlineData("restart")]
    [InlineData("user")]
    public void Container_settings_change_the_hash(string field)
    {
        var baseline = App();
        var changed = field switch
        {
            "image" => baseline with { Image = "edgeagent/busybox:2" },
            "command" => baseline with { Command = ["sleep", "1"] },
            "env" => baseline with { Env = new Dictionary<string, string> { ["X"] = "1" } },
            "ports" => baseline with { Ports = [new PortSpec { Host = 8080, Container = 80 }] },
            "restart" => baseline with { RestartPolicy = RestartPolicy.Parse("always") },
            _ => baseline with { Security = new SecuritySpec { User = "1000" } },
        };
        Assert.NotEqual(HashOf(baseline), HashOf(changed));
    }
}
