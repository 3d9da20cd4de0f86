namespace EdgeAgent.Configuration;

/// <summary>A TCP endpoint from configuration: "host:port", IPv6 in brackets.</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    /// <summary>The endpoint, or null when <paramref name="value"/> is not HOST:PORT.</summary>
    public static HostPort? Parse(string value) =>
        Uri.TryCreate("tcp://" + value, UriKind.Absolute, out var uri) && uri.Port > 0 && uri.Host.Length > 0 && value.Contains(':', StringComparison.Ordinal)
            ? new HostPort(uri.Host.Trim('[', ']'), uri.Port)
            : null;

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
