using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Requests;
using EdgeAgent.Reporting;
using static EdgeAgent.Core.Requests.SupportBundleFiles;

namespace EdgeAgent.Requests;

/// <summary>
/// A device's answer to a support-bundle request (README "Support bundle"): device.json, status.json,
/// events.jsonl, each managed app's inspect.json (env values redacted), agent.log, each app's
/// container.log, in that order (what matters most first, in case the answer is cut), then
/// problems.txt naming what could not be gathered. A Docker engine that is down or hangs costs its
/// parts of the bundle, never the rest: each call has <see cref="DockerCallLimit"/>, and after one
/// timed out the engine is not asked again for this bundle.
/// </summary>
internal sealed class SupportBundleAnswer(
    DeviceFacts identity,
    ReportHistory reports,
    TrustStore trust,
    AgentLogRing agentLog,
    DockerAppLogs appLogs,
    DockerAppInspect inspect,
    TimeProvider time)
{
    /// <summary>How long one Docker call may take before its part is given up.</summary>
    private static readonly TimeSpan DockerCallLimit = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions IndentedRequests = new(RequestJsonContext.Default.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions IndentedFleet = new(FleetJsonContext.Default.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What device.json says that does not change while the agent runs; never the configuration's secrets.</summary>
    public static DeviceFacts Identity(AgentSettings options, BrokerSettings broker, DateTimeOffset startedAt) => new()
    {
        Device = options.DeviceId,
        AgentVersion = AgentVersion.Current,
        Groups = options.Groups,
        StartedAt = startedAt,
        Clock = startedAt,
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        Processors = Environment.ProcessorCount,
        Broker = broker.Describe(), // scheme, host and port only: never user info
        StateDirectory = options.StateDir,
    };

    public async Task AnswerAsync(LogsQuery query, ResponseWriter writer, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        var since = query.SinceSeconds > 0 ? time.GetUtcNow().AddSeconds(-query.SinceSeconds) : (DateTimeOffset?)null;
        var listing = TryDockerAsync(problems, "listing managed containers", appLogs.ManagedAppsAsync, cancellationToken);
        var engine = await TryDockerAsync(problems, "asking the Docker engine's version", inspect.EngineVersionAsync, cancellationToken).ConfigureAwait(false);
        var apps = await listing.ConfigureAwait(false) ?? new Dictionary<string, string>();
        long? rootVersion = null;
        try
        {
            rootVersion = (await trust.LoadAsync(cancellationToken).ConfigureAwait(false)).Root.Version;
        }
        catch (TrustException ex)
        {
            problems.Add($"trust root: {ex.Message}");
        }

        var facts = identity with
        {
            Clock = time.GetUtcNow(),
            TrustRootVersion = rootVersion,
            DockerVersion = engine?.Version,
            DockerApiVersion = engine?.ApiVersion,
        };
        await AddLinesAsync(writer, Device, JsonSerializer.Serialize(facts, IndentedRequests.GetTypeInfo(typeof(DeviceFacts)))).ConfigureAwait(false);
        if (reports.LatestStatus is { } status)
        {
            await AddLinesAsync(writer, Status, JsonSerializer.Serialize(status, IndentedFleet.GetTypeInfo(typeof(DeviceStatus)))).ConfigureAwait(false);
        }
        else
        {
            problems.Add("status: no reconcile pass has finished since the agent started");
        }

        foreach (var agentEvent in reports.RecentEvents())
        {
            await writer.AddAsync(Source(Events), JsonSerializer.Serialize(agentEvent, FleetJsonContext.Default.AgentEvent)).ConfigureAwait(false);
        }

        var ordered = apps.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        foreach (var (app, container) in ordered)
        {
            var document = await TryDockerAsync(problems, $"inspecting {app}", ct => inspect.InspectAsync(container, ct), cancellationToken).ConfigureAwait(false);
            if (document is not null)
            {
                await AddLinesAsync(writer, Inspect(app), document).ConfigureAwait(false);
            }
        }

        foreach (var line in agentLog.Read(since, query.Tail))
        {
            await writer.AddAsync(Source(AgentLog), line).ConfigureAwait(false);
        }

        foreach (var (app, container) in ordered)
        {
            await TryDockerAsync(
                problems,
                $"reading {app}'s container log",
                async ct =>
                {
                    writer.CountCut(await appLogs.ReadAsync(container, since, query.Tail, follow: false, line => writer.AddSplitLineAsync(Source(ContainerLog(app)), line), ct).ConfigureAwait(false));
                    return app;
                },
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var problem in problems.All)
        {
            await writer.AddAsync(Source(Problems), problem).ConfigureAwait(false);
        }
    }

    private static async Task AddLinesAsync(ResponseWriter writer, string path, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            await writer.AddAsync(Source(path), line.TrimEnd('\r')).ConfigureAwait(false);
        }
    }

    /// <summary>One Docker call, at most <see cref="DockerCallLimit"/>; a failure becomes a line of problems.txt and null.</summary>
    private static async Task<T?> TryDockerAsync<T>(ProblemList problems, string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        if (problems.EngineHung)
        {
            problems.Add($"{what}: skipped, the Docker engine did not answer before");
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(DockerCallLimit);
        try
        {
            return await call(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            problems.Add($"{what}: the Docker engine did not answer within {DockerCallLimit.TotalSeconds:0} s");
            problems.EngineHung = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add($"{what}: {ex.GetType().Name}: {ex.Message}");
        }

        return null;
    }

    /// <summary>What could not be gathered; thread-safe, as the first two Docker calls run side by side.</summary>
    private sealed class ProblemList
    {
        private readonly Lock gate = new();
        private readonly List<string> lines = [];

        public volatile bool EngineHung;

        public IReadOnlyList<string> All
        {
            get
            {
                lock (gate)
                {
                    return [.. lines];
                }
            }
        }

        public void Add(string line)
        {
            lock (gate)
            {
                lines.Add(line);
            }
        }
    }
}
