namespace EdgeAgent.Configuration;

/// <summary>The broker, validated: an mqtts:// URL with its port resolved, and the device's TLS files.</summary>
internal sealed record BrokerSettings(Uri Url, HostPort Endpoint, string CaFile, string CertFile, string KeyFile)
{
    /// <summary>MQTT over TLS, when the URL names no port.</summary>
    public const int DefaultPort = 8883;

    /// <summary>Settings from the broker section, null when it names no URL; throws <see cref="ConfigurationException"/> naming the key.</summary>
    public static BrokerSettings? From(BrokerOptions options, string file)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Url is not { } url)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "mqtts" || uri.Host.Length == 0)
        {
            throw new ConfigurationException($"{file}: broker.url \"{url}\" is not an mqtts:// URL (TLS is required)");
        }

        string Required(string? value, string key) =>
            string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"{file}: {key} is required when broker.url is set") : value;

        return new BrokerSettings(
            uri,
            new HostPort(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port <= 0 ? DefaultPort : uri.Port),
            Required(options.CaFile, "broker.caFile"),
            Required(options.CertFile, "broker.certFile"),
            Required(options.KeyFile, "broker.keyFile"));
    }
}
