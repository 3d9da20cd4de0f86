using EdgeAgent.Core.Fleet;
using Microsoft.Extensions.Configuration;

namespace EdgeAgent.Configuration;

/// <summary>Loads agent.json and EDGEAGENT__ overrides, and checks the values before anything runs.</summary>
internal static class AgentConfiguration
{
    public const string EnvironmentPrefix = "EDGEAGENT__";

    /// <summary>
    /// Reads <paramref name="path"/> (or the default path, which may be missing), then the environment.
    /// Throws <see cref="ConfigurationException"/> naming the file or key on bad input.
    /// </summary>
    public static AgentOptions Load(string? path)
    {
        var file = path ?? AgentOptions.DefaultPath;
        if (path is not null && !File.Exists(path))
        {
            throw new ConfigurationException($"{path}: configuration file not found");
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(file), optional: path is null, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }

        var options = new AgentOptions();
        try
        {
            configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }

        Validate(options, file);
        return options;
    }

    /// <summary>"host:port" (IPv6 in brackets) as a pair, or null when malformed.</summary>
    public static (string Host, int Port)? ProbeTarget(string value) =>
        Uri.TryCreate("tcp://" + value, UriKind.Absolute, out var uri) && uri.Port > 0 && uri.Host.Length > 0 && value.Contains(':', StringComparison.Ordinal)
            ? (uri.Host.Trim('[', ']'), uri.Port)
            : null;

    private static void Validate(AgentOptions options, string file)
    {
        if (string.IsNullOrWhiteSpace(options.DeviceId))
        {
            throw new ConfigurationException($"{file}: deviceId must not be empty");
        }

        if (!Topics.IsValidName(options.DeviceId))
        {
            throw new ConfigurationException($"{file}: deviceId \"{options.DeviceId}\" cannot be an MQTT topic level (no '/', '+', '#', '$', spaces)");
        }

        foreach (var group in options.Groups)
        {
            if (!Topics.IsValidName(group))
            {
                throw new ConfigurationException($"{file}: groups: \"{group}\" cannot be an MQTT topic level (no '/', '+', '#', '$', spaces)");
            }
        }

        if (options.Broker.Url is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "mqtts")
            {
                throw new ConfigurationException($"{file}: broker.url \"{url}\" is not an mqtts:// URL (TLS is required)");
            }

            foreach (var (key, value) in new[] { ("broker.caFile", options.Broker.CaFile), ("broker.certFile", options.Broker.CertFile), ("broker.keyFile", options.Broker.KeyFile) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ConfigurationException($"{file}: {key} is required when broker.url is set");
                }
            }
        }

        if (options.Network.ConfirmSeconds < 1)
        {
            throw new ConfigurationException($"{file}: network.confirmSeconds must be 1 or greater");
        }

        foreach (var probe in options.Network.Probes)
        {
            if (ProbeTarget(probe) is null)
            {
                throw new ConfigurationException($"{file}: network.probes: \"{probe}\" is not HOST:PORT");
            }
        }

        if (options.ResyncSeconds < 1)
        {
            throw new ConfigurationException($"{file}: resyncSeconds must be 1 or greater");
        }

        if (!Uri.TryCreate(options.Docker.Endpoint, UriKind.Absolute, out _))
        {
            throw new ConfigurationException($"{file}: docker.endpoint \"{options.Docker.Endpoint}\" is not a URI such as unix:///var/run/docker.sock");
        }

        foreach (var prefix in options.Policy.AllowedBindPrefixes ?? [])
        {
            if (!prefix.StartsWith('/'))
            {
                throw new ConfigurationException($"{file}: policy.allowedBindPrefixes: \"{prefix}\" must be an absolute path");
            }
        }
    }
}
