using System.CommandLine;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeCtl.Commands;

/// <summary>`edgectl manifest publish` and `edgectl root publish`: retained, QoS 1, to the topics of the README ("The fleet over MQTT").</summary>
internal static class PublishCommands
{
    public static Command ManifestPublish()
    {
        var broker = new BrokerArguments();
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
                throw CliException.Failed($"refusing to publish ({ex.Reason.Code()}): {ex.Message}");
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
        var broker = new BrokerArguments();
        var inOption = new Option<string>("--in") { Description = "Root envelope (one, or a JSON array of consecutive versions)", Required = true };
        var command = new Command("publish", $"Publish a trust root to {Topics.TrustRoot} (retained)") { inOption };
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
                    throw CliException.Failed($"refusing to publish ({ex.Reason.Code()}): {ex.Message}");
                }
            }

            await using var connection = await broker.ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
            await connection.PublishRetainedAsync(Topics.TrustRoot, bytes, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"published the trust root to {Topics.TrustRoot}");
            return 0;
        });
        return command;
    }

    public static List<string> TopicsFor(ManifestTarget target) =>
        [.. target.Devices.Select(d => Topics.DeviceDesired(d.Value)), .. target.Groups.Select(g => Topics.GroupDesired(g.Value))];
}
