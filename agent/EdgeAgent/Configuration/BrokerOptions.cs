namespace EdgeAgent.Configuration;

internal sealed class BrokerOptions
{
    /// <summary>One broker; <see cref="Urls"/> for several nodes of a cluster.</summary>
    public string? Url { get; set; }

    public List<string?>? Urls { get; set; }

    /// <summary>mqtt5 (the default, falling back to 3.1.1 when refused) or mqtt311.</summary>
    public string? Protocol { get; set; }

    /// <summary>How often a connected agent subscribes again, to be sent the retained state anew (default 300).</summary>
    public int? RefreshSeconds { get; set; }

    /// <summary>The QoS of the agent's subscriptions: 1 (default) or 0, which a NATS cluster serves without a JetStream consumer each.</summary>
    public int? SubscribeQos { get; set; }

    public string? CaFile { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
}
