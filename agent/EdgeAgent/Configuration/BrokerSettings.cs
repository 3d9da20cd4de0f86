using EdgeAgent.Shared;
using MQTTnet.Protocol;

namespace EdgeAgent.Configuration;

/// <summary>The broker, validated: its nodes' mqtts:// endpoints, the MQTT version, the refresh period and subscription QoS, and the device's TLS files.</summary>
internal sealed record BrokerSettings(
    IReadOnlyList<BrokerEndpoint> Endpoints, BrokerProtocol Protocol, TimeSpan Refresh, MqttQualityOfServiceLevel SubscribeQos, string CaFile, string CertFile, string KeyFile)
{
    /// <inheritdoc cref="BrokerEndpoint.MaxEndpoints"/>
    public const int MaxEndpoints = BrokerEndpoint.MaxEndpoints;

    /// <summary>Bounds of broker.refreshSeconds: often enough to matter, rare enough for a large fleet.</summary>
    public const int MinRefreshSeconds = 10, MaxRefreshSeconds = 86400, DefaultRefreshSeconds = 300;

    /// <summary>The endpoints as configured, for logs and support bundles.</summary>
    public string Describe() => string.Join(", ", Endpoints.Select(e => e.Url));

    /// <summary>Settings from the broker section, null when it names no URL; throws <see cref="ConfigurationException"/> naming the key.</summary>
    public static BrokerSettings? From(BrokerOptions options, string file)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Url is not null && options.Urls is { Count: > 0 })
        {
            throw new ConfigurationException($"{file}: broker.url and broker.urls are both set: list every node in broker.urls");
        }

        var (key, urls) = options.Url is { } url ? ("broker.url", new List<string?> { url }) : ("broker.urls", options.Urls ?? []);
        if (urls.Count == 0)
        {
            return options.Protocol is null ? null : throw new ConfigurationException($"{file}: broker.protocol is set but no broker: set broker.url or broker.urls");
        }

        if (urls.Count > MaxEndpoints)
        {
            throw new ConfigurationException($"{file}: broker.urls lists {urls.Count} brokers; at most {MaxEndpoints}");
        }

        var endpoints = new List<BrokerEndpoint>();
        foreach (var text in urls)
        {
            var endpoint = BrokerEndpoint.Parse(text ?? "")
                ?? throw new ConfigurationException($"{file}: {key} \"{text}\" is not an mqtts:// URL (TLS is required; host and port only)");
            if (endpoints.Any(e => (e.Host, e.Port) == (endpoint.Host, endpoint.Port)))
            {
                throw new ConfigurationException($"{file}: {key} lists \"{text}\" twice");
            }

            endpoints.Add(endpoint);
        }

        var protocol = BrokerProtocols.Parse(options.Protocol)
            ?? throw new ConfigurationException($"{file}: broker.protocol \"{options.Protocol}\" must be {BrokerProtocols.Names}");

        var refreshSeconds = options.RefreshSeconds ?? DefaultRefreshSeconds;
        if (refreshSeconds is < MinRefreshSeconds or > MaxRefreshSeconds)
        {
            throw new ConfigurationException($"{file}: broker.refreshSeconds must be between {MinRefreshSeconds} and {MaxRefreshSeconds}");
        }

        var subscribeQos = (options.SubscribeQos ?? 1) switch
        {
            0 => MqttQualityOfServiceLevel.AtMostOnce,
            1 => MqttQualityOfServiceLevel.AtLeastOnce,
            _ => throw new ConfigurationException($"{file}: broker.subscribeQos must be 0 or 1"),
        };

        string Required(string? value, string name) =>
            string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"{file}: {name} is required when {key} is set") : value;

        return new BrokerSettings(
            endpoints,
            protocol,
            TimeSpan.FromSeconds(refreshSeconds),
            subscribeQos,
            Required(options.CaFile, "broker.caFile"),
            Required(options.CertFile, "broker.certFile"),
            Required(options.KeyFile, "broker.keyFile"));
    }
}
