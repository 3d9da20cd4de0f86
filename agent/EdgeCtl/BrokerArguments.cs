using System.CommandLine;
using EdgeAgent.Shared;

namespace EdgeCtl;

/// <summary>--broker (one per node), --protocol, --ca, --cert, --key as in the README ("edgectl, the operator CLI").</summary>
internal sealed class BrokerArguments
{
    public Option<string[]> Broker { get; } = new("--broker") { Description = "mqtts://HOST:PORT; repeat for the nodes of a cluster (tried in random order)", Required = true };
    public Option<string?> Protocol { get; } = new("--protocol") { Description = "mqtt5 (default; falls back to 3.1.1 when the broker refuses 5) or mqtt311" };
    public Option<string> Ca { get; } = new("--ca") { Description = "Fleet CA certificate (PEM)", Required = true };
    public Option<string> Cert { get; } = new("--cert") { Description = "Operator certificate (PEM)", Required = true };
    public Option<string> Key { get; } = new("--key") { Description = "Operator private key (PEM)", Required = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Broker);
        command.Options.Add(Protocol);
        command.Options.Add(Ca);
        command.Options.Add(Cert);
        command.Options.Add(Key);
    }

    public Task<BrokerConnection> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        BrokerConnection.ConnectAsync(Endpoints(parse.GetValue(Broker)), ProtocolOf(parse.GetValue(Protocol)), parse.GetValue(Ca)!, parse.GetValue(Cert)!, parse.GetValue(Key)!, cancellationToken);

    /// <summary>The --broker values as endpoints; a usage error names the one that is not an mqtts:// URL.</summary>
    public static IReadOnlyList<BrokerEndpoint> Endpoints(string[]? urls)
    {
        if (urls is not { Length: > 0 })
        {
            throw CliException.Usage("--broker: give at least one mqtts://HOST:PORT");
        }

        return [.. urls.Select(url => BrokerEndpoint.Parse(url) ?? throw CliException.Usage($"--broker: \"{url}\" is not an mqtts:// URL (host and port only)")).DistinctBy(e => (e.Host, e.Port))];
    }

    public static BrokerProtocol ProtocolOf(string? name) =>
        BrokerProtocols.Parse(name) ?? throw CliException.Usage($"--protocol: \"{name}\" must be {BrokerProtocols.Names}");
}
