using EdgeAgent.Configuration;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Requests;
using EdgeAgent.Docker;
using EdgeAgent.Hosting;
using EdgeAgent.Logging;
using EdgeAgent.Mqtt;
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
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<AgentComposition>().Trigger);
        builder.Services.AddSingleton(sp => new AgentComposition(options, manifestOverride, allowUnsigned, sp.GetRequiredService<ILoggerFactory>(), time));
        builder.Services.AddHostedService(sp =>
        {
            var agent = sp.GetRequiredService<AgentComposition>();
            return new DockerEventWatcher(agent.Docker, agent.Runtime.Caches, sp.GetRequiredService<ReconcileTrigger>().Request, time, sp.GetRequiredService<ILogger<DockerEventWatcher>>());
        });
        if (options.Broker is { } brokerSettings)
        {
            builder.Services.AddSingleton(sp => new BrokerSession(
                options.DeviceId,
                brokerSettings,
                sp.GetRequiredService<AgentComposition>().Streams.BrokerStreams,
                sp.GetRequiredService<ReconcileTrigger>(),
                time,
                sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BrokerSession>());
            builder.Services.AddHostedService(sp =>
            {
                var agent = sp.GetRequiredService<AgentComposition>();
                var session = sp.GetRequiredService<BrokerSession>();
                return new RequestResponder(
                    options.DeviceId,
                    session.Requests,
                    agent.Trust,
                    new RequestVerifier(options.DeviceId, time, new ReplayGuard(time.GetUtcNow())),
                    agentLog,
                    new DockerAppLogs(agent.Docker),
                    new SupportBundleAnswer(SupportBundleAnswer.Identity(options, brokerSettings, startedAt), session.Reports, agent.Trust, agentLog, new DockerAppLogs(agent.Docker), new DockerAppInspect(agent.Docker), time),
                    session.PublishAsync,
                    session.Reports,
                    time,
                    sp.GetRequiredService<ILogger<RequestResponder>>());
            });
        }

        builder.Services.AddHostedService(sp =>
        {
            var agent = sp.GetRequiredService<AgentComposition>();
            var broker = options.Broker is null ? null : sp.GetRequiredService<BrokerSession>();
            return new ReconcileLoop(
                agent.Feed,
                agent.File,
                broker?.Inbox,
                agent.Status,
                broker?.Reports,
                agent.Reconciler,
                sp.GetRequiredService<ReconcileTrigger>(),
                options.Resync,
                time,
                sp.GetService<ISystemdNotifier>(),
                sp.GetRequiredService<ILogger<ReconcileLoop>>(),
                new SelfUpdater(
                    agent.Home,
                    new ReleaseStager(agent.Docker, agent.Runtime, agent.Home),
                    agent.Status,
                    broker?.Reports,
                    () => broker?.IsConnected ?? true,
                    sp.GetRequiredService<IHostApplicationLifetime>(),
                    sp.GetRequiredService<ReconcileTrigger>(),
                    time,
                    sp.GetRequiredService<ILogger<SelfUpdater>>()));
        });

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
                host.Services.GetRequiredService<BrokerSession>().Reports.Publish(new AgentEvent
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
            var agent = host.Services.GetRequiredService<AgentComposition>();
            await new BundleImages(bundle.Directory, bundle.ConfigDirectory, agent.Docker, logger).LoadPendingAsync(cancellationToken).ConfigureAwait(false);
        }

        if ((manifestOverride ?? options.ManifestFile) is null && options.Broker is null)
        {
            logger.LogWarning("Neither broker.url nor manifestFile is configured: the agent keeps the device as last applied");
        }

        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
