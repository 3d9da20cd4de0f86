using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Shared;

namespace EdgeAgent.Configuration;

/// <summary>Loads agent.json and EDGEAGENT__ overrides, and checks the values before anything runs.</summary>
internal static class AgentConfiguration
{
    private const int MaxConfigurationBytes = 1 << 20;

    /// <summary>
    /// Reads <paramref name="path"/> (or the default path, which may be missing), then the environment.
    /// Throws <see cref="ConfigurationException"/> naming the file or key on bad input.
    /// </summary>
    public static AgentSettings Load(string? path)
    {
        var file = path ?? AgentOptions.DefaultPath;
        byte[]? json;
        try
        {
            json = RegularFile.ReadAllBytes(file, MaxConfigurationBytes);
        }
        catch (Exception ex) when (path is null && ex is FileNotFoundException or DirectoryNotFoundException)
        {
            json = null; // the default file may be missing: the environment may say everything
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the configuration: {ex.Message}", ex);
        }

        var options = AgentFile.Read(json, AgentFile.Environment(), file);
        var registries = RegistryLogins.From(options.Registries, file);
        var effective = Effective(options);
        Validate(effective, file);
        return Settings(effective, file) with { Registries = registries };
    }

    /// <summary>The options with every unset key at its default (README "Configuration").</summary>
    private static AgentOptions Effective(AgentOptions options) => new()
    {
        DeviceId = options.DeviceId ?? Environment.MachineName,
        Groups = options.Groups ?? [],
        StateDir = options.StateDir ?? "/var/lib/edge-agent",
        TrustRoot = options.TrustRoot ?? "/etc/edge-agent/root.json",
        ManifestFile = options.ManifestFile,
        AllowUnsigned = options.AllowUnsigned ?? false,
        Broker = options.Broker ?? new(),
        Docker = new()
        {
            Endpoint = options.Docker?.Endpoint ?? "unix:///var/run/docker.sock",
            PullTimeoutSeconds = options.Docker?.PullTimeoutSeconds ?? 3600,
            PullStallSeconds = options.Docker?.PullStallSeconds ?? 120,
        },
        Ovsdb = new() { Endpoint = options.Ovsdb?.Endpoint ?? "unix:/var/run/openvswitch/db.sock" },
        Network = new() { Probes = options.Network?.Probes ?? [], ConfirmSeconds = options.Network?.ConfirmSeconds ?? 30 },
        Policy = options.Policy ?? new(),
        Logs = options.Logs ?? new(),
        Disk = new() { Reserve = options.Disk?.Reserve ?? "10%" },
        ResyncSeconds = options.ResyncSeconds ?? 60,
    };

    /// <summary>Settings from <see cref="Effective"/> options, checked by <see cref="Validate"/>.</summary>
    private static AgentSettings Settings(AgentOptions options, string file)
    {
        var broker = BrokerSettings.From(options.Broker!, file);
        List<HostPort> probes = [.. options.Network!.Probes!.Select(p => HostPort.Parse(p ?? "") ?? throw new ConfigurationException($"{file}: network.probes: \"{p}\" is not HOST:PORT"))];
        if (probes.Count == 0 && broker is not null)
        {
            probes.AddRange(broker.Endpoints.Select(e => new HostPort(e.Host, e.Port)));
        }

        var policy = options.Policy!;
        return new AgentSettings
        {
            DeviceId = options.DeviceId!,
            Groups = [.. options.Groups!.Select(g => g!)],
            StateDir = options.StateDir!,
            TrustRoot = options.TrustRoot!,
            ManifestFile = options.ManifestFile,
            AllowUnsigned = options.AllowUnsigned!.Value,
            Broker = broker,
            DockerEndpoint = options.Docker!.Endpoint!,
            OvsdbEndpoint = options.Ovsdb!.Endpoint!,
            Policy = policy.ToPolicy(ProtectedPaths(options)),
            ProtectedInterfaces = [.. (policy.ProtectedInterfaces ?? []).Select(i => i!)],
            Logs = Logs(options.Logs!, file),
            Probes = probes,
            ConfirmWindow = TimeSpan.FromSeconds(options.Network.ConfirmSeconds!.Value),
            Resync = TimeSpan.FromSeconds(options.ResyncSeconds!.Value),
            PullTimeout = TimeSpan.FromSeconds(options.Docker.PullTimeoutSeconds!.Value),
            PullStall = TimeSpan.FromSeconds(options.Docker.PullStallSeconds!.Value),
            DiskReserve = DiskReserve.TryParse(options.Disk!.Reserve, out var reserve)
                ? reserve
                : throw new ConfigurationException($"{file}: disk.reserve {TextRules.Quote(options.Disk.Reserve ?? "")} must be a size (like 2Gi) or a percentage below 100 (like 10%)"),
        };
    }

    /// <summary>What this agent is configured to use and no container may bind: its API sockets, its trust and state files.</summary>
    private static IEnumerable<ProtectedPath> ProtectedPaths(AgentOptions options)
    {
        if (SocketPath(options.Docker!.Endpoint!) is { } docker)
        {
            yield return ProtectedPath.DockerSocket(docker);
        }

        if (SocketPath(options.Ovsdb!.Endpoint!) is { } ovsdb)
        {
            yield return ProtectedPath.OvsdbSocket(ovsdb);
        }

        yield return ProtectedPath.AgentFiles(options.StateDir!);
        yield return ProtectedPath.AgentFiles(options.TrustRoot!);
        if (options.Broker!.KeyFile is { Length: > 0 } key)
        {
            yield return ProtectedPath.AgentFiles(key);
        }
    }

    /// <summary>The file of a unix socket endpoint ("unix:///run/x.sock" or OVSDB's "unix:/run/x.sock"), else null.</summary>
    private static string? SocketPath(string endpoint)
    {
        if (!endpoint.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        var path = "/" + endpoint["unix:".Length..].TrimStart('/');
        return path.Length > 1 ? path : null;
    }

    private static LogLimits Logs(SectionOptions logs, string file)
    {
        var size = LogLimits.Default.MaxSizeBytes;
        if (logs.MaxSize is { } text)
        {
            if (!ByteSize.TryParse(text, out var parsed) || parsed.Bytes is < LogsSpec.MinSizeBytes or > LogsSpec.MaxSizeLimitBytes)
            {
                throw new ConfigurationException($"{file}: logs.maxSize \"{text}\" must be a size between 64Ki and 1Gi (bytes, or a number with Ki, Mi or Gi)");
            }

            size = parsed.Bytes;
        }

        if (logs.MaxFiles is < 1 or > LogsSpec.MaxFilesLimit)
        {
            throw new ConfigurationException($"{file}: logs.maxFiles must be between 1 and {LogsSpec.MaxFilesLimit}");
        }

        return new LogLimits(size, logs.MaxFiles ?? LogLimits.Default.MaxFiles);
    }

    /// <summary>Files the agent reads must be regular files (a FIFO blocks, a device never ends); stateDir must be a directory or creatable.</summary>
    private static void CheckPaths(AgentOptions options, string file)
    {
        foreach (var (key, value) in new[] { ("trustRoot", options.TrustRoot), ("manifestFile", options.ManifestFile), ("broker.caFile", options.Broker!.CaFile), ("broker.certFile", options.Broker.CertFile), ("broker.keyFile", options.Broker.KeyFile) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Any(char.IsControl))
            {
                throw new ConfigurationException($"{file}: {key} must not contain control characters");
            }

            if (!Path.IsPathFullyQualified(value))
            {
                throw new ConfigurationException($"{file}: {key} \"{value}\" must be an absolute path (the agent's working directory is not yours)");
            }

            if (RegularFile.NotRegular(value) is { } kind)
            {
                throw new ConfigurationException($"{file}: {key}: {value} is {kind}, not a regular file");
            }
        }

        if (string.IsNullOrWhiteSpace(options.StateDir) || !Path.IsPathFullyQualified(options.StateDir) || options.StateDir.Any(char.IsControl))
        {
            throw new ConfigurationException($"{file}: stateDir \"{options.StateDir}\" must be an absolute path");
        }

        // The nearest existing part of stateDir must be a directory, or it can never be created.
        for (string? dir = options.StateDir; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                break;
            }

            if (File.Exists(dir) || RegularFile.NotRegular(dir) is not null)
            {
                throw new ConfigurationException($"{file}: stateDir: {dir} exists and is not a directory");
            }
        }
    }

    private static void Validate(AgentOptions options, string file)
    {
        if (string.IsNullOrWhiteSpace(options.DeviceId))
        {
            throw new ConfigurationException($"{file}: deviceId must not be empty");
        }

        if (DeviceName.DeviceIdProblem(options.DeviceId) is { } problem)
        {
            throw new ConfigurationException($"{file}: deviceId {TextRules.Quote(options.DeviceId)} {problem}");
        }

        foreach (var group in options.Groups!)
        {
            if (group is null)
            {
                throw new ConfigurationException($"{file}: groups: null is not a group name");
            }

            if (!DeviceName.IsValid(group))
            {
                throw new ConfigurationException($"{file}: groups: {TextRules.Quote(group)} {DeviceName.Rule}");
            }
        }

        if (options.Network!.ConfirmSeconds < 1)
        {
            throw new ConfigurationException($"{file}: network.confirmSeconds must be 1 or greater");
        }

        if (options.ResyncSeconds < 1)
        {
            throw new ConfigurationException($"{file}: resyncSeconds must be 1 or greater");
        }

        if (options.Docker!.PullTimeoutSeconds is < 10 or > 86_400)
        {
            throw new ConfigurationException($"{file}: docker.pullTimeoutSeconds must be between 10 and 86400");
        }

        if (options.Docker.PullStallSeconds < 5 || options.Docker.PullStallSeconds > options.Docker.PullTimeoutSeconds)
        {
            throw new ConfigurationException($"{file}: docker.pullStallSeconds must be between 5 and docker.pullTimeoutSeconds");
        }

        if (!Uri.TryCreate(options.Docker.Endpoint, UriKind.Absolute, out var docker) || docker.Scheme is not ("unix" or "tcp" or "http")
            || (docker.Scheme == "unix" && docker.LocalPath.Length <= 1))
        {
            throw new ConfigurationException($"{file}: docker.endpoint \"{options.Docker.Endpoint}\" is not unix:///PATH (e.g. unix:///var/run/docker.sock) or tcp://HOST:PORT");
        }

        CheckPaths(options, file);

        foreach (var prefix in options.Policy!.AllowedBindPrefixes ?? [])
        {
            if (prefix?.StartsWith('/') != true)
            {
                throw new ConfigurationException($"{file}: policy.allowedBindPrefixes: \"{prefix}\" must be an absolute path");
            }
        }

        foreach (var capability in options.Policy.AllowedCapAdd ?? [])
        {
            if (!Capability.TryParse(capability ?? "", out _))
            {
                throw new ConfigurationException($"{file}: policy.allowedCapAdd: {TextRules.Quote(capability ?? "")} is not a capability name (like NET_ADMIN)");
            }
        }

        foreach (var name in options.Policy.ProtectedInterfaces ?? [])
        {
            if (!ManifestValidator.IsInterfaceName(name ?? ""))
            {
                throw new ConfigurationException($"{file}: policy.protectedInterfaces: {TextRules.Quote(name ?? "")} is not an interface name (1-15 letters, digits, '_', '.', '-')");
            }
        }
    }
}
