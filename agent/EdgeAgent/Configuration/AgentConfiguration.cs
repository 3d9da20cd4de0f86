using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Shared;
using Microsoft.Extensions.Configuration;

namespace EdgeAgent.Configuration;

/// <summary>Loads agent.json and EDGEAGENT__ overrides, and checks the values before anything runs.</summary>
internal static class AgentConfiguration
{
    public const string EnvironmentPrefix = "EDGEAGENT__";
    private const int MaxConfigurationBytes = 1 << 20;
    private static readonly string[] ListKeys = ["groups", "broker:urls", "network:probes", "policy:allowedBindPrefixes", "policy:allowedCapAdd", "policy:allowedDevices", "policy:protectedInterfaces"];

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

        var (registries, remaining) = json is null ? (new Dictionary<string, RegistryCredential>(), null) : RegistriesSection.Split(json, file);
        IConfigurationRoot configuration;
        try
        {
            // Read once, capped, from a regular file; comments and trailing commas are allowed here
            // (a file edited by hand on the device), unlike in manifests (signed machine data).
            var builder = new ConfigurationBuilder();
            if (remaining is not null)
            {
                builder.AddJsonStream(new MemoryStream(remaining));
            }

            configuration = builder.AddEnvironmentVariables(EnvironmentPrefix).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }

        foreach (var list in ListKeys)
        {
            // The binder turns a string where a list belongs into an empty list, silently. An empty
            // JSON array reaches here as "" (the JSON provider's way of keeping the key): that one is fine.
            if (configuration.GetSection(list).Value is { Length: > 0 } scalar)
            {
                throw new ConfigurationException($"{file}: {list.Replace(':', '.')} must be a JSON array (of names), not \"{scalar}\"");
            }
        }

        var options = new AgentOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"{file}: {BinderErrors.Describe(ex)}", ex);
        }

        Validate(options, file);
        return Settings(options, file) with { Registries = registries };
    }

    private static AgentSettings Settings(AgentOptions options, string file)
    {
        var broker = BrokerSettings.From(options.Broker, file);
        List<HostPort> probes = [.. options.Network.Probes.Select(p => HostPort.Parse(p) ?? throw new ConfigurationException($"{file}: network.probes: \"{p}\" is not HOST:PORT"))];
        if (probes.Count == 0 && broker is not null)
        {
            probes.AddRange(broker.Endpoints.Select(e => new HostPort(e.Host, e.Port)));
        }

        return new AgentSettings
        {
            DeviceId = options.DeviceId,
            Groups = options.Groups,
            StateDir = options.StateDir,
            TrustRoot = options.TrustRoot,
            ManifestFile = options.ManifestFile,
            AllowUnsigned = options.AllowUnsigned,
            Broker = broker,
            DockerEndpoint = options.Docker.Endpoint,
            OvsdbEndpoint = options.Ovsdb.Endpoint,
            Policy = options.Policy.ToPolicy(options.ProtectedPaths()),
            ProtectedInterfaces = options.Policy.ProtectedInterfaces,
            Logs = Logs(options.Logs, file),
            Probes = probes,
            ConfirmWindow = TimeSpan.FromSeconds(options.Network.ConfirmSeconds),
            Resync = TimeSpan.FromSeconds(options.ResyncSeconds),
            PullTimeout = TimeSpan.FromSeconds(options.Docker.PullTimeoutSeconds),
            PullStall = TimeSpan.FromSeconds(options.Docker.PullStallSeconds),
            DiskReserve = DiskReserve.TryParse(options.Disk.Reserve, out var reserve)
                ? reserve
                : throw new ConfigurationException($"{file}: disk.reserve {TextRules.Quote(options.Disk.Reserve ?? "")} must be a size (like 2Gi) or a percentage below 100 (like 10%)"),
        };
    }

    private static LogLimits Logs(LogsOptions logs, string file)
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
        foreach (var (key, value) in new[] { ("trustRoot", options.TrustRoot), ("manifestFile", options.ManifestFile), ("broker.caFile", options.Broker.CaFile), ("broker.certFile", options.Broker.CertFile), ("broker.keyFile", options.Broker.KeyFile) })
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
        for (var dir = options.StateDir; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
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

        foreach (var group in options.Groups)
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

        if (options.Network.ConfirmSeconds < 1)
        {
            throw new ConfigurationException($"{file}: network.confirmSeconds must be 1 or greater");
        }

        if (options.ResyncSeconds < 1)
        {
            throw new ConfigurationException($"{file}: resyncSeconds must be 1 or greater");
        }

        if (options.Docker.PullTimeoutSeconds is < 10 or > 86_400)
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

        foreach (var prefix in options.Policy.AllowedBindPrefixes ?? [])
        {
            if (!prefix.StartsWith('/'))
            {
                throw new ConfigurationException($"{file}: policy.allowedBindPrefixes: \"{prefix}\" must be an absolute path");
            }
        }

        foreach (var capability in options.Policy.AllowedCapAdd ?? [])
        {
            if (!Capability.TryParse(capability, out _))
            {
                throw new ConfigurationException($"{file}: policy.allowedCapAdd: {TextRules.Quote(capability)} is not a capability name (like NET_ADMIN)");
            }
        }

        foreach (var name in options.Policy.ProtectedInterfaces ?? [])
        {
            if (!ManifestValidator.IsInterfaceName(name))
            {
                throw new ConfigurationException($"{file}: policy.protectedInterfaces: {TextRules.Quote(name)} is not an interface name (1-15 letters, digits, '_', '.', '-')");
            }
        }
    }
}
