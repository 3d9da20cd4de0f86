using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Docker;
using EdgeAgent.Docker.Engine;
using EdgeAgent.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests;

/// <summary>The real Docker engine the tests run against (build/test.sh starts it and builds the image).</summary>
public sealed class DockerHost : IAsyncLifetime
{
    public const string Image = "edgeagent/busybox:1.35";

    public static string Endpoint { get; } = Environment.GetEnvironmentVariable("EDGEAGENT_TEST_DOCKER") ?? "unix:///var/run/docker.sock";

    /// <summary>Docker.DotNet, for the tests' own checks and set-up: independent of the agent's engine client.</summary>
    public IDockerClient Client { get; } = new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();

    /// <summary>The agent's own engine client, for tests that drive the agent's Docker adapters directly.</summary>
    internal DockerEngine Engine { get; } = new(new Uri(Endpoint));

    public async Task InitializeAsync()
    {
        // Fail, never skip: these tests are the proof that the agent works on a real engine.
        try
        {
            await Client.System.PingAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"No Docker engine at {Endpoint}: run build/test.sh, which starts one ({ex.Message})", ex);
        }

        try
        {
            await Client.Images.InspectImageAsync(Image);
        }
        catch (DockerImageNotFoundException ex)
        {
            throw new InvalidOperationException($"Image {Image} is missing: build/images.sh builds it", ex);
        }
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Engine.Dispose();
        return Task.CompletedTask;
    }

    internal DockerContainerRuntime NewRuntime() => new(Engine, NullLogger<DockerContainerRuntime>.Instance);

    internal static Reconciler NewReconciler(DockerContainerRuntime runtime) =>
        new(runtime, new PlanRunner(runtime, TimeProvider.System, new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(200), MaxAttempts = 3 }), null, null, null, new RollbackLedger(TimeProvider.System), TimeProvider.System, new ImageLedger());

    internal static ManifestGate Gate(bool requireDigest = false) =>
        new(new PolicyAdmission(new AdmissionPolicy { RequireDigest = requireDigest }, new HostPathResolver()));

    internal static DesiredState Admit(string manifestJson)
    {
        var result = Gate().Admit(System.Text.Encoding.UTF8.GetBytes(manifestJson));
        Assert.True(result.Accepted, result.ToString());
        return result.Desired!;
    }

    /// <summary>Removes everything the agent manages, so each test starts from an empty device.</summary>
    public async Task ResetAsync()
    {
        var runtime = NewRuntime();
        var passes = await NewReconciler(runtime).ConvergeAsync(DesiredState.Empty, 3, CancellationToken.None);
        Assert.True(passes[^1].Converged, "could not clear managed containers: " + string.Join("; ", passes.SelectMany(p => p.Results)));
    }

    /// <summary>Every managed container's id, state, start time and memory limit: equal snapshots mean nothing was touched.</summary>
    public async Task<string> SnapshotAsync()
    {
        var lines = new List<string>();
        foreach (var container in (await ManagedContainersAsync()).OrderBy(c => c.ID, StringComparer.Ordinal))
        {
            var inspect = await InspectAsync(container.ID);
            lines.Add($"{inspect.ID} {inspect.State.Status} {inspect.State.StartedAt} {inspect.HostConfig.Memory}");
        }

        return string.Join('\n', lines);
    }

    public async Task<ContainerInspectResponse> InspectAsync(string name) => await Client.Containers.InspectContainerAsync(name);

    public async Task<IList<ContainerListResponse>> ManagedContainersAsync() =>
        await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["io.edgeagent.managed=true"] = true } },
        });

    /// <summary>Starts a container the agent does not manage (it may even carry an app label, but not the managed one).</summary>
    public async Task<string> RunUnmanagedAsync(string name, IDictionary<string, string>? labels = null)
    {
        await RemoveIfPresentAsync(name);
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = Image,
            Cmd = ["sleep", "3600"],
            Labels = labels ?? new Dictionary<string, string>(),
        });
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    public async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await InspectAsync(name);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    public async Task RemoveIfPresentAsync(string name)
    {
        try
        {
            await Client.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> on timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds}s waiting for: {what}");
    }
}
