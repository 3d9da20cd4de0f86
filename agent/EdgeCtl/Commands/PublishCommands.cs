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
            var verifier = new ManifestVerifier("", [], TimeProvider.System, checkTarget: false);
            try
            {
                RootChain.VerifyInitial(rootBytes);
                manifest = verifier.Verify(TrustState.FromRoot(rootBytes), "publish", bytes).Manifest;
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
                await RetainedPublish.ConfirmedAsync(connection, topic, bytes, held => NewerManifest(verifier, rootBytes, held, manifest.Metadata.Version), cancellationToken).ConfigureAwait(false);
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
            await RetainedPublish.ConfirmedAsync(connection, Topics.TrustRoot, bytes, held => NewerRoot(held, bytes), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"published the trust root to {Topics.TrustRoot}");
            return 0;
        });
        return command;
    }

    /// <summary>"v8" when <paramref name="held"/> is a manifest this root trusts at <paramref name="version"/> or above.</summary>
    private static string? NewerManifest(ManifestVerifier verifier, byte[] rootBytes, byte[] held, long version)
    {
        try
        {
            var other = verifier.Verify(TrustState.FromRoot(rootBytes), "held", held).Manifest.Metadata.Version;
            return other >= version ? $"v{other}" : null;
        }
        catch (Exception ex) when (ex is TrustException or ManifestException)
        {
            return null; // not one of ours (or unreadable): ours goes there
        }
    }

    /// <summary>"root v4" when <paramref name="held"/> is a root at least as new as the last one of <paramref name="ours"/>.</summary>
    private static string? NewerRoot(byte[] held, byte[] ours)
    {
        static long? Last(byte[] envelope)
        {
            try
            {
                return RootValidator.Parse(RootChain.DecodePayloadUnverified(envelope)).Version;
            }
            catch (TrustException)
            {
                return null; // a chain (JSON array) or unreadable
            }
        }

        return Last(held) is { } other && Last(ours) is { } mine && other >= mine ? $"root v{other}" : null;
    }

    public static List<string> TopicsFor(ManifestTarget target) =>
        [.. target.Devices.Select(d => Topics.DeviceDesired(d.Value)), .. target.Groups.Select(g => Topics.GroupDesired(g.Value))];
}
