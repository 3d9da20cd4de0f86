using System.CommandLine;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Trust;

namespace EdgeCtl.Commands;

/// <summary>`edgectl manifest publish` and `edgectl root publish`: retained, QoS 1, to the topics of DESIGN.md.</summary>
internal static class PublishCommands
{
    public const string TrustTopic = "edge/v1/trust/root";

    public static Command ManifestPublish()
    {
        var broker = new BrokerOptions();
        var rootOption = new Option<string>("--root") { Description = "Trust root the manifest must verify against", Required = true };
        var inOption = new Option<string>("--in") { Description = "Signed manifest envelope", Required = true };
        var command = new Command("publish", "Publish a signed manifest to the topics its target names (it must verify first)") { rootOption, inOption };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var rootBytes = InputFiles.Read(parse.GetValue(rootOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            var bytes = InputFiles.Read(parse.GetValue(inOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            Manifest manifest;
            try
            {
                RootChain.VerifyInitial(rootBytes);
                manifest = new ManifestVerifier("", [], TimeProvider.System, checkTarget: false).Verify(TrustState.FromRoot(rootBytes), "publish", bytes).Manifest;
            }
            catch (TrustException ex)
            {
                throw CliException.Failed($"refusing to publish ({ex.Reason}): {ex.Message}");
            }
            catch (ManifestException ex)
            {
                throw CliException.Failed("refusing to publish (invalid-manifest): " + string.Join("; ", ex.Errors));
            }

            var topics = TopicsFor(manifest.Metadata.Target);
            if (topics.Count == 0)
            {
                throw CliException.Failed("refusing to publish: metadata.target names no device and no group");
            }

            await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            foreach (var topic in topics)
            {
                await connection.PublishRetainedAsync(topic, bytes, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"published {manifest.Metadata.Name} v{manifest.Metadata.Version} to {topic}");
            }

            return 0;
        });
        return command;
    }

    public static Command RootPublish()
    {
        var broker = new BrokerOptions();
        var inOption = new Option<string>("--in") { Description = "Root envelope (one, or a JSON array of consecutive versions)", Required = true };
        var command = new Command("publish", $"Publish a trust root to {TrustTopic} (retained)") { inOption };
        broker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = InputFiles.Read(parse.GetValue(inOption)!, EnvelopeVerifier.MaxEnvelopeBytes * RootChain.MaxRotationsPerUpdate);
            if (bytes.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..])
            {
                try
                {
                    RootValidator.Parse(RootChain.DecodePayloadUnverified(bytes));
                }
                catch (TrustException ex)
                {
                    throw CliException.Failed($"refusing to publish ({ex.Reason}): {ex.Message}");
                }
            }

            await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            await connection.PublishRetainedAsync(TrustTopic, bytes, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"published the trust root to {TrustTopic}");
            return 0;
        });
        return command;
    }

    public static List<string> TopicsFor(ManifestTarget target) =>
        [.. target.Devices.Select(d => $"edge/v1/devices/{d}/desired"), .. target.Groups.Select(g => $"edge/v1/groups/{g}/desired")];

    /// <summary>--broker, --ca, --cert, --key as in DESIGN.md.</summary>
    private sealed class BrokerOptions
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
}
