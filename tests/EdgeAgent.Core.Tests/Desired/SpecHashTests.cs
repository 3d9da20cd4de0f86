using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Desired;

public sealed class SpecHashTests
{
    private static string HashOf(AppSpec app) => DesiredOf(("web", app)).Apps["web"].SpecHash;

    [Fact]
    public void The_hash_of_an_app_is_pinned_so_an_agent_upgrade_recreates_nothing()
    {
        // Computed by the agent before logs were configurable: if this changes, every device that
        // installs the new agent recreates every container. Change it only with a migration.
        Assert.Equal("be70e91c5b1eee590158375eb57a08de", HashOf(App(memory: "64Mi")));
    }

    [Fact]
    public void Log_caps_change_the_hash_only_when_they_differ_from_the_default()
    {
        Assert.Equal(HashOf(App()), HashOf(App() with { Logs = new LogsSpec { MaxSize = ByteSize.Parse("10Mi"), MaxFiles = 3 } }));
        Assert.NotEqual(HashOf(App()), HashOf(App() with { Logs = new LogsSpec { MaxSize = ByteSize.Parse("1Mi") } }));
        Assert.NotEqual(HashOf(App()), HashOf(App() with { Logs = new LogsSpec { MaxFiles = 5 } }));
    }

    [Fact]
    public void The_device_default_log_cap_applies_to_apps_without_their_own()
    {
        var manifest = Manifest(("plain", App()), ("own", App() with { Logs = new LogsSpec { MaxFiles = 7 } }));
        var desired = EdgeAgent.Core.Desired.DesiredStateBuilder.Build(manifest, new EdgeAgent.Core.Desired.LogLimits(1 << 20, 2));
        Assert.Equal(new EdgeAgent.Core.Desired.LogLimits(1 << 20, 2), desired.Apps["plain"].Spec.Logs);
        Assert.Equal(new EdgeAgent.Core.Desired.LogLimits(1 << 20, 7), desired.Apps["own"].Spec.Logs);
        Assert.Null(DesiredOf(("plain", App())).Apps["plain"].Spec.Logs);
    }

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
