namespace EdgeAgent.Shared;

/// <summary>One broker node: an mqtts:// URL (TLS is required) and where it points.</summary>
internal sealed record BrokerEndpoint(string Url, string Host, int Port)
{
    /// <summary>MQTT over TLS, when the URL names no port.</summary>
    public const int DefaultPort = 8883;

    /// <summary>More nodes than any cluster has: a longer list is a mistake (or an attack on the connect loop). The agent's broker.urls and `edgectl device provision --broker` share it.</summary>
    public const int MaxEndpoints = 32;

    /// <summary>The endpoint, or null when <paramref name="url"/> is not an mqtts:// URL with a host.</summary>
    public static BrokerEndpoint? Parse(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "mqtts" && uri.Host.Length > 0
            && uri.AbsolutePath is "" or "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? new BrokerEndpoint(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped), uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port <= 0 ? DefaultPort : uri.Port)
            : null;

    /// <summary>
    /// The endpoints in a random order, so that a fleet given the same list spreads over the nodes
    /// instead of all trying the first one, and reconnects to different survivors when a node dies.
    /// </summary>
    public static IReadOnlyList<BrokerEndpoint> Shuffled(IEnumerable<BrokerEndpoint> endpoints, Random random)
    {
        var order = endpoints.ToArray();
        random.Shuffle(order);
        return order;
    }

    public override string ToString() => Url;
}
