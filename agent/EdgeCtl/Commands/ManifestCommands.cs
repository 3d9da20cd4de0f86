using System.CommandLine;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeCtl.Commands;

/// <summary>`edgectl manifest sign|verify`.</summary>
internal static class ManifestCommands
{
    public static Command Build() => new("manifest", "Signed desired-state manifests") { Sign(), Verify(), PublishCommands.ManifestPublish(), FromComposeCommand.Build() };

    private static Command Sign()
    {
        var keyOption = new Option<string[]>("--key") { Description = "Private key(s) of the manifests role", Required = true, AllowMultipleArgumentsPerToken = true };
        var inOption = new Option<string>("--in") { Description = "Manifest (JSON)", Required = true };
        var outOption = new Option<string>("--out") { Description = "Signed envelope to write", Required = true };
        var command = new Command("sign", "Sign a manifest into a DSSE envelope (it is validated first)") { keyOption, inOption, outOption };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(inOption)!;
            var payload = InputFiles.Read(path, ManifestParser.MaxManifestBytes);
            Manifest manifest;
            try
            {
                manifest = ManifestParser.Parse(payload);
            }
            catch (ManifestException ex)
            {
                throw CliException.Failed($"{path}: refusing to sign an invalid manifest:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", ex.Errors));
            }

            // Devices refuse these; a wrong clock here must not reach the fleet as a signed time.
            var now = DateTimeOffset.UtcNow;
            if (manifest.Metadata.IssuedAt > now + ManifestVerifier.MaxClockSkew)
            {
                throw CliException.Failed($"{path}: refusing to sign: $.metadata.issuedAt {manifest.Metadata.IssuedAt:O} is ahead of this machine's clock ({now:O}); devices would hold it back until their clocks pass it. Fix issuedAt, or this machine's clock");
            }

            if (manifest.Metadata.ExpiresAt <= now)
            {
                throw CliException.Failed($"{path}: refusing to sign: $.metadata.expiresAt {manifest.Metadata.ExpiresAt:O} has passed; devices would refuse it as expired");
            }

            var keys = parse.GetValue(keyOption)!.Select(KeyFiles.ReadPrivate).ToList();
            var envelope = DsseSigner.Sign(PayloadTypes.Manifest, payload, keys);
            KeyFiles.WriteOutput(parse.GetValue(outOption)!, DsseSigner.Serialize(envelope));
            Console.WriteLine($"signed {manifest.Metadata.Name} v{manifest.Metadata.Version} with {string.Join(", ", envelope.Signatures.Select(s => s.Keyid[..12]))}");
            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var rootOption = new Option<string>("--root") { Description = "The trust root envelope to verify against", Required = true };
        var inOption = new Option<string>("--in") { Description = "Signed manifest envelope", Required = true };
        var deviceOption = new Option<string?>("--device") { Description = "Also check that the manifest targets this device" };
        var groupOption = new Option<string[]>("--group") { Description = "Groups of that device", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify", "Verify a signed manifest as a device would (exit 0 valid, 1 invalid)") { rootOption, inOption, deviceOption, groupOption };
        command.SetAction(parse =>
        {
            if (parse.GetValue(deviceOption) is { } named && DeviceName.DeviceIdProblem(named) is { } problem)
            {
                throw CliException.Usage($"--device: \"{named}\" {problem}");
            }

            var rootBytes = InputFiles.Read(parse.GetValue(rootOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            var bytes = InputFiles.Read(parse.GetValue(inOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            RootDocument root;
            try
            {
                root = RootChain.VerifyInitial(rootBytes);
            }
            catch (TrustException ex)
            {
                throw CliException.Usage($"{parse.GetValue(rootOption)}: not a valid root ({ex.Reason.Code()}): {ex.Message}");
            }

            var device = parse.GetValue(deviceOption);
            var groups = parse.GetValue(groupOption) ?? [];
            var verifier = new ManifestVerifier(device ?? "", groups, TimeProvider.System, checkTarget: device is not null || groups.Length > 0);
            try
            {
                var trusted = verifier.Verify(TrustState.FromRoot(rootBytes), "verify", bytes);
                var metadata = trusted.Manifest.Metadata;
                Console.WriteLine($"valid: {metadata.Name} v{metadata.Version} under root v{root.Version}; expires {metadata.ExpiresAt:O}; targets devices [{string.Join(", ", metadata.Target.Devices)}] groups [{string.Join(", ", metadata.Target.Groups)}]");
                return 0;
            }
            catch (TrustException ex)
            {
                throw CliException.Failed($"invalid ({ex.Reason.Code()}): {ex.Message}");
            }
            catch (ManifestException ex)
            {
                throw CliException.Failed("invalid (invalid-manifest): " + string.Join("; ", ex.Errors));
            }
        });
        return command;
    }
}
