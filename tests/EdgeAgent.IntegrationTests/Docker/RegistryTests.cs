using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using EdgeAgent.IntegrationTests.Agent;

namespace EdgeAgent.IntegrationTests.Docker;

/// <summary>
/// Pulls from a registry with a login (Debian's docker-registry with htpasswd, built by build/images.sh),
/// a throwaway server started, paused, stopped and tampered with by Testcontainers: the login comes
/// from agent.json with its password file read on every pull, a silent or stopped registry leaves the
/// running version alone until it is back, and content that does not match the pinned digest is refused.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class RegistryTests(DockerHost docker) : IAsyncLifetime
{
    private const int Port = 5011;
    private const string User = "edge";
    private const string Password = "pull-token-7c1e"; // build/lib.sh REGISTRY_PASSWORD
    private const string Repository = "127.0.0.1:5011/edgeagent/busybox";
    private const string App = "itest-registry";
    private readonly TempDirectory temp = new();
    private IContainer registry = null!;
    private string pinned = "";

    public async Task InitializeAsync()
    {
        await docker.ResetAsync();
        // Testcontainers reads these once, before its first use: this engine speaks API 1.41 at most,
        // and the resource reaper's image cannot be pulled here.
        Environment.SetEnvironmentVariable("DOCKER_API_VERSION", "1.41");
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        TestcontainersSettings.ResourceReaperEnabled = false;
        registry = new ContainerBuilder("edgeagent/registry-auth:test")
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCreateParameterModifier(p => p.HostConfig.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                ["5000/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
            })
            .Build();
        await registry.StartAsync();
        await AnswersAsync();

        // An image of its own (a layer no other image has), so a pull must fetch it from this registry.
        var maker = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = DockerHost.Image, Cmd = ["sh", "-c", $"echo {Guid.NewGuid()} > /marker"] });
        await docker.Client.Containers.StartContainerAsync(maker.ID, new ContainerStartParameters());
        await docker.Client.Containers.WaitContainerAsync(maker.ID);
        await docker.Client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters { ContainerID = maker.ID, RepositoryName = Repository, Tag = "1.35" });
        await docker.Client.Containers.RemoveContainerAsync(maker.ID, new ContainerRemoveParameters { Force = true });
        await docker.Client.Images.PushImageAsync(Repository, new ImagePushParameters { Tag = "1.35" }, new AuthConfig { ServerAddress = $"127.0.0.1:{Port}", Username = User, Password = Password }, new Progress<JSONMessage>());
        using var http = new HttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:{Port}/v2/edgeagent/busybox/manifests/1.35");
        head.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        var response = await http.SendAsync(head);
        Assert.True(response.IsSuccessStatusCode, $"the pushed image's manifest: {response.StatusCode}");
        pinned = $"{Repository}@{response.Headers.GetValues("Docker-Content-Digest").Single()}";
        await ForgetAsync();
    }

    public async Task DisposeAsync()
    {
        await docker.ResetAsync();
        await ForgetAsync();
        await registry.DisposeAsync();
        temp.Dispose();
    }

    /// <summary>The registry answers (401 without a login) on loopback.</summary>
    private static Task AnswersAsync() => DockerHost.EventuallyAsync(
        async () =>
        {
            using var http = new HttpClient();
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{Port}/v2/")).StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        },
        TimeSpan.FromSeconds(20),
        "the registry answers on loopback");

    /// <summary>The image goes locally, content and names, so the agent must pull it.</summary>
    private async Task ForgetAsync()
    {
        foreach (var reference in new[] { Repository + ":1.35", pinned }.Where(r => r.Length > 0))
        {
            try
            {
                await docker.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true });
            }
            catch (global::Docker.DotNet.DockerImageNotFoundException)
            {
            }
        }
    }

    private string Config(string password) => temp.Write("agent.json", $$"""
        { "deviceId": "pi-01", "stateDir": "{{temp.File("state")}}", "docker": { "endpoint": "{{DockerHost.Endpoint}}", "pullStallSeconds": 5 },
          "policy": { "requireDigest": false }, "resyncSeconds": 2,
          "registries": { "127.0.0.1:{{Port}}": { "username": "{{User}}", "passwordFile": "{{temp.Write("registry.password", password + "\n")}}" } } }
        """);

    private string Manifest(long version, string image, string app = App) => temp.Write($"v{version}.json", $$"""
        { "apiVersion": "edge/v1", "kind": "Manifest",
          "metadata": { "name": "registry", "version": {{version}}, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": { "devices": ["pi-01"] } },
          "spec": { "apps": { "{{app}}": { "image": "{{image}}", "command": ["sleep", "3600"], "init": true, "stopGracePeriodSeconds": 1 } } } }
        """);

    /// <summary>The image the app's container runs; null while it is being replaced.</summary>
    private async Task<string?> RunningImageAsync() => await docker.ExistsAsync(App) ? (await docker.InspectAsync(App)).Config.Image : null;

    /// <summary>Version 1 from the local image, then the daemon told to update to the registry's image.</summary>
    private async Task<AgentProcess> UpdatingAsync(string password)
    {
        var config = Config(password);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(1, DockerHost.Image), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        return AgentProcess.Start(["apply", "--manifest", Manifest(2, pinned), "--allow-unsigned", "--config", config]);
    }

    private static string Output(AgentProcess agent) => agent.Stdout + agent.Stderr;

    private async Task ConvergesToPinnedAsync(AgentProcess agent) =>
        await DockerHost.EventuallyAsync(async () => await RunningImageAsync() == pinned && (await docker.InspectAsync(App)).State.Running, TimeSpan.FromSeconds(60), $"{App} runs {pinned}\n{agent.Stdout}\n{agent.Stderr}");

    [Fact]
    public async Task A_refused_login_keeps_the_old_version_and_a_rotated_password_file_is_read_on_the_next_pull()
    {
        using var agent = await UpdatingAsync("wrong-password");
        await DockerHost.EventuallyAsync(() => Task.FromResult(Output(agent).Contains("the registry refused the login", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the refused login is logged\n" + Output(agent));
        Assert.Contains("check registries.127.0.0.1:5011 in agent.json", Output(agent), StringComparison.Ordinal);
        Assert.Equal(DockerHost.Image, await RunningImageAsync());
        Assert.True((await docker.InspectAsync(App)).State.Running);
        Assert.DoesNotContain(Password, agent.Stdout + agent.Stderr, StringComparison.Ordinal);

        // The token is rotated in its file: no restart, the next pull logs in.
        File.WriteAllText(temp.File("registry.password"), Password + "\n");
        await ConvergesToPinnedAsync(agent);
        Assert.Contains($"Pulling image {pinned} as {User}", Output(agent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_registry_is_abandoned_after_the_stall_limit_and_the_update_completes_when_it_answers()
    {
        await registry.PauseAsync();
        using var agent = await UpdatingAsync(Password);
        await DockerHost.EventuallyAsync(() => Task.FromResult(Output(agent).Contains("no progress for 5 s", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the stalled pull is abandoned\n" + Output(agent));
        Assert.Equal(DockerHost.Image, await RunningImageAsync());
        Assert.True((await docker.InspectAsync(App)).State.Running);

        await registry.UnpauseAsync();
        await ConvergesToPinnedAsync(agent);
    }

    [Fact]
    public async Task A_stopped_registry_leaves_the_old_version_running_until_it_is_back()
    {
        await registry.StopAsync();
        using var agent = await UpdatingAsync(Password);
        await DockerHost.EventuallyAsync(() => Task.FromResult(Output(agent).Contains($"pull {pinned}", StringComparison.Ordinal) && Output(agent).Contains("failed", StringComparison.OrdinalIgnoreCase)), TimeSpan.FromSeconds(40), "the failed pull is logged\n" + Output(agent));
        Assert.Equal(DockerHost.Image, await RunningImageAsync());

        await registry.StartAsync();
        await ConvergesToPinnedAsync(agent);
    }

    [Fact]
    public async Task A_pulled_image_is_removed_once_no_app_uses_it_and_an_image_the_agent_did_not_pull_stays()
    {
        var config = Config(Password);
        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(1, pinned), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.NotNull(await docker.Client.Images.InspectImageAsync(pinned));

        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(2, DockerHost.Image), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"remove image {pinned} (no longer used)", stdout, StringComparison.Ordinal);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerImageNotFoundException>(() => docker.Client.Images.InspectImageAsync(pinned));

        // The local image was never pulled by the agent: removing the app leaves it alone.
        (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(3, DockerHost.Image, app: "itest-other"), "--once", "--allow-unsigned", "--config", config]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.NotNull(await docker.Client.Images.InspectImageAsync(DockerHost.Image));
    }

    [Fact]
    public async Task Content_that_does_not_match_the_pinned_digest_is_refused()
    {
        // The registry itself refuses to serve a blob altered on its disk, so a registry that lies is
        // played by a listener on loopback: it serves a manifest under a digest it does not have.
        const string Liar = "127.0.0.1:5012";
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://{Liar}/");
        listener.Start();
        var claimed = "sha256:" + new string('a', 64);
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}""");
                context.Response.StatusCode = context.Request.Url!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) || context.Request.Url.AbsolutePath == "/v2/" ? 200 : 404;
                context.Response.ContentType = "application/vnd.docker.distribution.manifest.v2+json";
                context.Response.Headers["Docker-Content-Digest"] = claimed;
                context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
                if (context.Request.HttpMethod != "HEAD")
                {
                    await context.Response.OutputStream.WriteAsync(body);
                }

                context.Response.Close();
            }
        });

        var (exit, stdout, stderr) = await AgentProcess.RunAsync(["apply", "--manifest", Manifest(1, $"{Liar}/edgeagent/busybox@{claimed}"), "--once", "--allow-unsigned", "--config", Config(Password)]);
        listener.Stop();
        await serving;
        Assert.True(exit == 1 && (stdout + stderr).Contains("does not match the pinned digest", StringComparison.Ordinal), $"exit {exit}\n{stdout}{stderr}");
        Assert.False(await docker.ExistsAsync(App));
    }
}
