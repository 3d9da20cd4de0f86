using System.Globalization;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Planning;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>Pure translation between the core and Docker's API, both ways: the desired spec to create and update parameters, an inspection to the observed container.</summary>
internal static class DockerContainerMapping
{
    /// <summary>The container to create for <paramref name="app"/>; the name goes in the create call's query.</summary>
    public static ContainerCreateRequest ToCreateRequest(DesiredApp app)
    {
        var spec = app.Spec;
        var hardening = spec.Hardening;
        var limits = app.Resources;
        var portKeys = spec.Ports.Select(PortKey).Distinct(StringComparer.Ordinal).ToList();
        const long seconds = 1_000_000_000; // the API counts healthcheck durations in nanoseconds

        return new ContainerCreateRequest
        {
            Hostname = spec.NetworkMode == "host" ? null : spec.Hostname ?? spec.Name,
            Image = spec.Image,
            // null (not empty) keeps the image's own CMD and ENTRYPOINT.
            Cmd = spec.Command.Count > 0 ? [.. spec.Command] : null,
            Entrypoint = spec.Entrypoint.Count > 0 ? [.. spec.Entrypoint] : null,
            Env = [.. spec.Env],
            User = spec.User,
            StopTimeout = spec.StopGracePeriodSeconds,
            Labels = new Dictionary<string, string>
            {
                [DockerLabels.Managed] = "true",
                [DockerLabels.App] = app.Name,
                [DockerLabels.SpecHash] = app.SpecHash,
            },
            ExposedPorts = portKeys.ToDictionary(k => k, _ => EmptyObject.Value, StringComparer.Ordinal),
            Healthcheck = spec.Healthcheck is { } h
                ? new HealthcheckRequest
                {
                    Test = [.. h.Test],
                    Interval = h.IntervalSeconds * seconds,
                    Timeout = h.TimeoutSeconds * seconds,
                    Retries = h.Retries,
                    StartPeriod = h.StartPeriodSeconds * seconds,
                }
                : null,
            HostConfig = new HostConfigRequest
            {
                PortBindings = portKeys.ToDictionary(
                    k => k,
                    k => (IReadOnlyList<PortBindingRequest>)[.. spec.Ports.Where(p => PortKey(p) == k).Select(p => new PortBindingRequest(p.HostIp ?? "", p.HostPort.ToString(CultureInfo.InvariantCulture)))],
                    StringComparer.Ordinal),
                Mounts = [.. spec.Mounts.Select(m => new MountRequest(m.IsVolume ? "volume" : "bind", m.Source, m.Target, m.ReadOnly))],
                RestartPolicy = new RestartPolicyRequest(spec.RestartPolicy is "always" or "unless-stopped" or "on-failure" ? spec.RestartPolicy : "no", spec.RestartMaxRetries),
                Memory = limits.MemoryBytes ?? 0,
                MemorySwap = limits.MemorySwapBytes ?? 0,
                NanoCpus = limits.NanoCpus ?? 0,
                CpuShares = limits.CpuShares ?? 0,
                CpusetCpus = limits.CpusetCpus ?? "",
                BlkioWeight = limits.BlkioWeight ?? 0,
                PidsLimit = limits.PidsLimit,
                Init = spec.Init,
                ReadonlyRootfs = spec.ReadOnlyRootFs,
                CapAdd = spec.CapAdd.Count > 0 ? [.. spec.CapAdd] : null,
                CapDrop = spec.CapDrop.Count > 0 ? [.. spec.CapDrop] : null,
                Privileged = spec.Privileged,
                NetworkMode = spec.NetworkMode ?? (spec.Networks.Count > 0 ? spec.Networks[0] : "bridge"),
                PidMode = spec.PidMode ?? "",
                IpcMode = spec.IpcMode ?? "",
                UTSMode = spec.UtsMode ?? "",
                Dns = spec.Dns is { } dns ? [.. dns] : null,
                ExtraHosts = spec.ExtraHosts is { } hosts ? [.. hosts] : null,
                Devices = [.. spec.Devices.Select(d => new DeviceMappingRequest(d, d, "rwm"))],
                SecurityOpt = hardening.NoNewPrivileges ? ["no-new-privileges:true"] : null,
                LogConfig = new LogConfigRequest(
                    hardening.LogDriver,
                    new Dictionary<string, string>
                    {
                        // Docker reads a plain number as bytes.
                        ["max-size"] = spec.Logs is { } logs ? logs.MaxSizeBytes.ToString(CultureInfo.InvariantCulture) : hardening.LogMaxSize,
                        ["max-file"] = (spec.Logs?.MaxFiles ?? hardening.LogMaxFiles).ToString(CultureInfo.InvariantCulture),
                    }),
            },
            NetworkingConfig = spec.Networks.Count > 0 && spec.NetworkMode is null
                ? new NetworkingConfigRequest(new Dictionary<string, EndpointRequest> { [spec.Networks[0]] = new EndpointRequest([app.Name]) })
                : null,
        };
    }

    public static HostResources ToUpdate(ResourceLimits limits) => new()
    {
        // Zero means "leave as is" to Docker's update; removing a limit needs a recreate (see ResourceComparer).
        Memory = limits.MemoryBytes ?? 0,
        NanoCpus = limits.NanoCpus ?? 0,
        CpuShares = limits.CpuShares ?? 0,
        CpusetCpus = limits.CpusetCpus ?? "",
        BlkioWeight = limits.BlkioWeight ?? 0,
        PidsLimit = limits.PidsLimit ?? 0,

        // Docker refuses a memory limit above the current swap limit unless swap is given too;
        // without a desired swap limit, keep Docker's own default of twice the memory.
        MemorySwap = limits.MemorySwapBytes ?? (limits.MemoryBytes is { } m ? 2 * m : 0),
    };

    /// <summary>What Docker reports of a managed container, as the core observes it.</summary>
    public static ObservedContainer ToObserved(ContainerDetails inspected, string app)
    {
        var host = inspected.HostConfig;
        var finishedAt = Time(inspected.State?.FinishedAt);
        return new ObservedContainer
        {
            Id = inspected.Id,
            Name = inspected.Name.TrimStart('/'),
            App = app,
            SpecHash = Label(inspected.Config?.Labels, DockerLabels.SpecHash),
            Running = inspected.State?.Running ?? false,
            Status = inspected.State?.Status ?? "",
            ImageId = inspected.Image,
            Image = inspected.Config?.Image,
            RestartCount = inspected.RestartCount,
            Health = inspected.State?.Health?.Status,
            HealthLog = inspected.State?.Health?.Log is { Count: > 0 } log ? log[^1].Output : null,
            StartedAt = Time(inspected.State?.StartedAt),
            FinishedAt = finishedAt,

            // Docker reports 0 for a container that never exited: only a finished run has an exit code.
            ExitCode = finishedAt is null ? null : inspected.State?.ExitCode,
            Resources = host is null ? ResourceLimits.None : new ResourceLimits
            {
                MemoryBytes = host.Memory,
                MemorySwapBytes = host.MemorySwap,
                NanoCpus = host.NanoCpus,
                CpuShares = host.CpuShares,
                CpusetCpus = host.CpusetCpus,
                BlkioWeight = host.BlkioWeight,
                PidsLimit = host.PidsLimit,
            },
        };
    }

    /// <summary>A Docker network as the core observes it: managed or not, and the spec it was created from.</summary>
    public static ObservedNetwork ToObserved(NetworkSummary network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ObservedNetwork(network.Id, network.Name, Label(network.Labels, DockerLabels.Managed) == "true", Label(network.Labels, DockerLabels.SpecHash));
    }

    /// <summary>Docker's RFC 3339 times; its zero time ("0001-01-01T00:00:00Z") means never.</summary>
    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1 ? time : null;

    public static string? Label(IReadOnlyDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static string PortKey(Core.Desired.PortBinding port) => $"{port.ContainerPort}/{port.Protocol}";
}
