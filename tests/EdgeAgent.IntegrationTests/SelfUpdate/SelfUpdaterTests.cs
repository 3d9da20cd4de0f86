using EdgeAgent.Core.Reporting;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;
using EdgeAgent.Scheduling;
using EdgeAgent.SelfUpdate;
using EdgeAgent.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests.SelfUpdate;

/// <summary>
/// SelfUpdater performing what the core's machine decides, on a real stateDir/agent (no engine: nothing
/// is staged): the guard's note and the probation ticket the guard shares, release.json, the status.
/// </summary>
public sealed class SelfUpdaterTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly StartedLifetime lifetime = new();
    private readonly ReconcileTrigger trigger = new();
    private readonly DockerEngine engine = new(new Uri("unix:///nonexistent/docker.sock"));
    private readonly AgentHome home;
    private StatusTracker status = new("pi-01", SelfUpdater.Running, TimeProvider.System);

    public SelfUpdaterTests()
    {
        home = new AgentHome(temp.Path);
        Directory.CreateDirectory(home.Releases);
    }

    public void Dispose()
    {
        engine.Dispose();
        lifetime.Dispose();
        temp.Dispose();
    }

    private SelfUpdater Updater(bool connected = true) => new(
        home,
        new ReleaseStager(engine, new DockerContainerRuntime(engine, NullLogger<DockerContainerRuntime>.Instance), home),
        status,
        null,
        () => connected,
        lifetime,
        trigger,
        TimeProvider.System,
        NullLogger<SelfUpdater>.Instance,
        new FileStateStore(home.Root, TimeProvider.System));

    private string Release(string version)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(home.ReleaseBinary(version))!);
        File.WriteAllText(home.ReleaseBinary(version), "#!/bin/sh\n");
        return home.ReleaseBinary(version);
    }

    [Fact]
    public async Task The_guards_rollback_is_recorded_reported_and_cleared_then_shown_again_after_a_restart()
    {
        File.CreateSymbolicLink(home.Current, Release(SelfUpdater.Running));
        Release("9.9.9");
        File.WriteAllText(home.RolledBackNote, "version=9.9.9\nreason=exited with status 70\nat=1700000000\n");

        await Updater().StartAsync(CancellationToken.None);

        var expected = new AgentUpdateOutcome { Version = "9.9.9", From = SelfUpdater.Running, Result = AgentUpdateResult.RolledBack, Reason = "exited with status 70", At = DateTimeOffset.FromUnixTimeSeconds(1700000000) };
        Assert.Equal(expected, status.Snapshot().AgentUpdate);
        Assert.False(File.Exists(home.RolledBackNote));
        Assert.Equal([SelfUpdater.Running], Directory.EnumerateDirectories(home.Releases).Select(Path.GetFileName));
        Assert.Contains("\"9.9.9\":\"exited with status 70\"", File.ReadAllText(Path.Combine(home.Root, "release.json")), StringComparison.Ordinal);

        status = new StatusTracker("pi-01", SelfUpdater.Running, TimeProvider.System);
        await Updater().StartAsync(CancellationToken.None);

        Assert.Equal(expected, status.Snapshot().AgentUpdate);
    }

    [Fact]
    public async Task On_probation_it_asks_for_a_recheck_until_ready_then_passes_removing_the_ticket()
    {
        File.CreateSymbolicLink(home.Current, Release(SelfUpdater.Running));
        Release("0.0.1");
        File.WriteAllText(home.Ticket, $"version={SelfUpdater.Running}\nfrom=0.0.1\ntarget={home.ReleaseBinary(SelfUpdater.Running)}\nprevious={home.ReleaseBinary("0.0.1")}\nseconds=20\nattempt=abc\nstate=started\n");
        var updater = Updater();
        await updater.StartAsync(CancellationToken.None);

        await updater.AfterPassAsync(null, passCompleted: true, CancellationToken.None); // not ready yet

        Assert.True(File.Exists(home.Ticket));
        Assert.Equal("agent probation", await trigger.WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None));

        lifetime.Start();
        await updater.AfterPassAsync(null, passCompleted: false, CancellationToken.None);

        Assert.False(File.Exists(home.Ticket));
        Assert.Equal((AgentUpdateResult.Updated, "0.0.1"), (status.Snapshot().AgentUpdate?.Result, status.Snapshot().AgentUpdate?.From));
        Assert.Equal([SelfUpdater.Running], Directory.EnumerateDirectories(home.Releases).Select(Path.GetFileName));
        Assert.Contains($"\"floor\":\"{SelfUpdater.Running}\"", File.ReadAllText(Path.Combine(home.Root, "release.json")), StringComparison.Ordinal);
        Assert.False(lifetime.StopRequested);
    }
}
