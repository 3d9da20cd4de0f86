using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Desired;

/// <summary>Turns a validated manifest into normalised desired state with spec hashes.</summary>
public static class DesiredStateBuilder
{
    public static DesiredState Build(Manifest manifest) => Build(manifest, LogLimits.Default);

    /// <summary>
    /// With the device's default log cap (agent.json `logs`) for apps that set none. A merged manifest
    /// names, per app, the manifest it came from (<paramref name="originOf"/>, null for the ones the
    /// merged manifest's own metadata and `spec.update` describe).
    /// </summary>
    public static DesiredState Build(Manifest manifest, LogLimits deviceLogs, Func<string, AppOrigin?>? originOf = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var ownOrigin = new AppOrigin("manifest", manifest.Metadata.Version, manifest.Spec.Update.Mode == ManifestUpdateSpec.Atomic);
        var networks = manifest.Spec.Networks.ToDictionary(
            n => n.Key,
            n => WithHash(new DesiredNetwork
            {
                Name = n.Key,
                Subnet = n.Value.Subnet,
                Gateway = n.Value.Gateway,
                IpRange = n.Value.IpRange,
                Mtu = n.Value.Mtu,
                OvsBridge = n.Value.OvsBridge,
                SpecHash = "",
            }),
            StringComparer.Ordinal);

        var apps = manifest.Spec.Apps.ToDictionary(
            a => a.Key,
            a => BuildApp(a.Key, a.Value, networks, deviceLogs, originOf?.Invoke(a.Key) ?? ownOrigin),
            StringComparer.Ordinal);

        return new DesiredState { Apps = apps, Networks = networks, Ovs = DesiredOvs.From(manifest.Spec.Ovs) };
    }

    private static DesiredNetwork WithHash(DesiredNetwork network) => network with { SpecHash = SpecHash.Of(network) };

    private static DesiredApp BuildApp(string name, AppSpec app, Dictionary<string, DesiredNetwork> networks, LogLimits deviceLogs, AppOrigin origin)
    {
        var logs = LogLimits.Resolve(app.Logs, deviceLogs);
        var spec = new ContainerSpec
        {
            Name = name,
            Image = app.Image,
            Command = app.Command,
            Entrypoint = app.Entrypoint,
            Env = [.. app.Env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")],
            Ports = [.. app.Ports.Select(p => new PortBinding(p.Host, p.Container, p.Protocol, p.HostIp))
                .OrderBy(p => p.ContainerPort).ThenBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.HostPort)],
            Mounts = [.. app.Volumes.Select(v => new MountSpec(true, v.Name, v.Target, v.ReadOnly))
                .Concat(app.Binds.Select(b => new MountSpec(false, b.Source, b.Target, b.ReadOnly)))
                .OrderBy(m => m.Target, StringComparer.Ordinal)],
            Networks = app.Networks,
            NetworkHashes = [.. app.Networks.Select(n => networks.TryGetValue(n, out var network) ? network.SpecHash : "")],
            RestartPolicy = app.RestartPolicy.Name,
            RestartMaxRetries = app.RestartPolicy.MaxRetries,
            Healthcheck = app.Healthcheck is { } h
                ? new HealthcheckDefinition(h.Test, h.IntervalSeconds, h.TimeoutSeconds, h.Retries, h.StartPeriodSeconds)
                : null,
            Init = app.Init,
            StopGracePeriodSeconds = app.StopGracePeriodSeconds,
            ReadOnlyRootFs = app.Security.ReadOnlyRootFs,
            User = app.Security.User,
            CapAdd = [.. app.Security.CapAdd.Select(c => c.Name).Order(StringComparer.Ordinal)],
            CapDrop = [.. app.Security.CapDrop.Select(c => c.Name).Order(StringComparer.Ordinal)],
            Privileged = app.Security.Privileged,
            NetworkMode = app.Security.NetworkMode,
            PidMode = app.Security.PidMode,
            IpcMode = app.Security.IpcMode,
            UtsMode = app.Security.UtsMode,
            Devices = app.Security.Devices,
            Logs = logs == LogLimits.Default ? null : logs,
            Hostname = app.Hostname,
            Dns = app.Dns.Count == 0 ? null : app.Dns,
            ExtraHosts = app.ExtraHosts.Count == 0 ? null : [.. app.ExtraHosts.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}:{h.Value}")],
        };

        return new DesiredApp
        {
            Name = name,
            Spec = spec,
            SpecHash = SpecHash.Of(spec),
            Resources = ToLimits(app.Resources),
            DependsOn = app.DependsOn,
            Running = app.State == AppState.Running,
            Update = new UpdatePolicy(
                app.Update.Strategy == UpdateSpec.StartFirst,
                TimeSpan.FromSeconds(app.Update.ProbationSeconds),
                origin.Atomic ? origin.Stream : null,
                origin.Version),
        };
    }

    public static ResourceLimits ToLimits(ResourcesSpec resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return new ResourceLimits
        {
            MemoryBytes = resources.Memory?.Bytes,
            MemorySwapBytes = resources.MemorySwap?.Bytes,
            NanoCpus = resources.Cpus is { } cpus ? (long)Math.Round(cpus * 1e9) : null,
            CpuShares = resources.CpuShares,
            CpusetCpus = resources.CpusetCpus,
            BlkioWeight = resources.BlkioWeight,
            PidsLimit = resources.PidsLimit,
        };
    }
}
