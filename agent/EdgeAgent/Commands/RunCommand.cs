using EdgeAgent.Configuration;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Requests;
using EdgeAgent.Docker;
using EdgeAgent.Hosting;
using EdgeAgent.Logging;
using EdgeAgent.Provisioning;
using EdgeAgent.Requests;
using EdgeAgent.SelfUpdate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Commands;

/// <summary>The daemon: Microsoft.Extensions.Hosting with systemd integration (Type=notify, watchdog, journald format).</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(AgentSettings options, string? manifestOverride, bool allowUnsigned, BootBundle? bundle, (string Text, bool Refused)? provisioning, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "edge-agent" });
        builder.Services.AddSystemd();
        if (SystemdHelpers.IsSystemdService() && JournalLoggerProvider.Available())
        {
            // Entries with fields (EDGEAGENT_APP, EDGEAGENT_STREAM, ...) straight into the journal.
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new JournalLoggerProvider());
        }
        else if (SystemdHelpers.IsSystemdService())
        {
            // journald adds its own timestamps; "<6>"-style prefixes carry the log level into it.
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.SetMinimumLevel(LogLevels.FromEnvironment());
        var agentLog = new AgentLogRing(); // the agent's recent log, for `edgectl logs`
        builder.Logging.AddProvider(agentLog);

        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        var settings = options with { ManifestFile = manifestOverride ?? options.ManifestFile, AllowUnsigned = allowUnsigned || options.AllowUnsigned };
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new DevicePorts(options, sp.GetRequiredService<ILoggerFactory>(), time));
        builder.Services.AddSingleton(sp => AgentGraph.Build(settings, sp.GetRequiredService<DevicePorts>().Ports, sp.GetRequiredService<ILoggerFactory>(), time));
        builder.Services.AddHostedService(sp => Device(sp).EventWatcher(sp.GetRequiredService<ILogger<DockerEventWatcher>>()));
        if (options.Broker is { } brokerSettings)
        {
            builder.Services.AddHostedService(sp => Graph(sp).Broker!);
            builder.Services.AddHostedService(sp => Responder(sp, brokerSettings, agentLog, startedAt));
        }

        builder.Services.AddHostedService(sp => Graph(sp).Loop(SelfUpdate(sp), sp.GetService<ISystemdNotifier>()));

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("edge-agent");
        logger.LogInformation("edge-agent {AgentVersion} starting as device {DeviceId} (groups: {Groups}); broker {Broker}; manifest file {Manifest}; state in {StateDir}",
            AgentVersion.Current, options.DeviceId, string.Join(", ", options.Groups), options.Broker?.Describe() ?? "(none)", manifestOverride ?? options.ManifestFile ?? "(none)", options.StateDir);
        if (provisioning is { } outcome)
        {
            logger.Log(outcome.Refused ? LogLevel.Error : LogLevel.Information, "{Provisioning}", outcome.Text);
            if (options.Broker is not null)
            {
                // Also on the events topic, sent once connected: operators see a device re-provisioned.
                Graph(host.Services).Broker!.Reports.Publish(new AgentEvent
                {
                    Type = outcome.Refused ? AgentEventType.ProvisioningRefused : AgentEventType.Provisioned,
                    At = time.GetUtcNow(),
                    Message = outcome.Text,
                });
            }
        }

        if (bundle is not null)
        {
            // Before the first pass: the bootstrap manifest's images come from the bundle, not a registry.
            await new BundleImages(bundle.Directory, bundle.ConfigDirectory, Device(host.Services).Docker, logger).LoadPendingAsync(cancellationToken).ConfigureAwait(false);
        }

        if ((manifestOverride ?? options.ManifestFile) is null && options.Broker is null)
        {
            logger.LogWarning("Neither broker.url nor manifestFile is configured: the agent keeps the device as last applied");
        }

        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static AgentGraph Graph(IServiceProvider services) => services.GetRequiredService<AgentGraph>();

    private static DevicePorts Device(IServiceProvider services) => services.GetRequiredService<DevicePorts>();

    /// <summary>Operator requests over the broker: logs, inspection and support bundles.</summary>
    private static RequestResponder Responder(IServiceProvider services, BrokerSettings broker, AgentLogRing agentLog, DateTimeOffset startedAt)
    {
        var graph = Graph(services);
        var docker = Device(services).Docker;
        var session = graph.Broker!;
        var time = graph.Time;
        var deviceId = graph.Settings.DeviceId;
        var options = services.GetRequiredService<AgentSettings>();
        return new RequestResponder(
            deviceId,
            session.Requests,
            graph.Trust,
            new RequestVerifier(deviceId, time, new ReplayGuard(time.GetUtcNow())),
            agentLog,
            new DockerAppLogs(docker),
            new SupportBundleAnswer(SupportBundleAnswer.Identity(options, broker, startedAt), session.Reports, graph.Trust, agentLog, new DockerAppLogs(docker), new DockerAppInspect(docker), time),
            session.PublishAsync,
            session.Reports,
            time,
            services.GetRequiredService<ILogger<RequestResponder>>());
    }

    /// <summary>The agent's updates of itself: stopping the host hands over to the new binary.</summary>
    private static SelfUpdater SelfUpdate(IServiceProvider services)
    {
        var graph = Graph(services);
        var device = Device(services);
        var home = new AgentHome(graph.Settings.StateDir);
        var broker = graph.Broker;
        return new SelfUpdater(
            home,
            new ReleaseStager(device.Docker, device.Runtime, home),
            graph.Status,
            broker?.Reports,
            () => broker?.IsConnected ?? true,
            services.GetRequiredService<IHostApplicationLifetime>(),
            graph.Trigger,
            graph.Time,
            services.GetRequiredService<ILogger<SelfUpdater>>());
    }
}
