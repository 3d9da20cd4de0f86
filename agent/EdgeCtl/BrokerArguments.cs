using System.CommandLine;

namespace EdgeCtl;

/// <summary>--broker, --ca, --cert, --key as in the README ("edgectl, the operator CLI").</summary>
internal sealed class BrokerArguments
{
    public Option<string> Broker { get; } = new("--broker") { Description = "mqtts://HOST:PORT", Required = true };
    public Option<string> Ca { get; } = new("--ca") { Description = "Fleet CA certificate (PEM)", Required = true };
    public Option<string> Cert { get; } = new("--cert") { Description = "Operator certificate (PEM)", Required = true };
    public Option<string> Key { get; } = new("--key") { Description = "Operator private key (PEM)", Required = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Broker);
        command.Options.Add(Ca);
        command.Options.Add(Cert);
        command.Options.Add(Key);
    }

    public Task<BrokerConnection> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        BrokerConnection.ConnectAsync(parse.GetValue(Broker)!, parse.GetValue(Ca)!, parse.GetValue(Cert)!, parse.GetValue(Key)!, cancellationToken);
}
