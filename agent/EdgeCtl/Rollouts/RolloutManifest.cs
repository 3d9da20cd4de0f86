using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeCtl.Rollouts;

/// <summary>A rollout's signed manifest, checked before edgectl publishes it anywhere (README "Rolling out").</summary>
internal static class RolloutManifest
{
    /// <summary>
    /// The manifest of <paramref name="envelope"/>: verified against the root in <paramref name="rootFile"/>
    /// when given (exactly as `manifest publish` does), always targeting <paramref name="group"/>.
    /// Errors name <paramref name="source"/>: an option (a usage error when the target is wrong) or the record it came from.
    /// </summary>
    public static Manifest Read(byte[] envelope, string? rootFile, string group, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Manifest manifest;
        try
        {
            if (rootFile is not null)
            {
                var root = InputFiles.Read(rootFile, EnvelopeVerifier.MaxEnvelopeBytes);
                RootChain.VerifyInitial(root);
                manifest = new ManifestVerifier("", [], TimeProvider.System, checkTarget: false).Verify(TrustState.FromRoot(root), "rollout", envelope).Manifest;
            }
            else
            {
                manifest = ManifestParser.Parse(Convert.FromBase64String(EnvelopeVerifier.Parse(envelope).Payload));
            }
        }
        catch (TrustException ex)
        {
            throw CliException.Failed($"{source}: refusing to roll out ({ex.Reason.Code()}): {ex.Message}");
        }
        catch (ManifestException ex)
        {
            throw CliException.Failed($"{source}: refusing to roll out (invalid-manifest): " + string.Join("; ", ex.Errors));
        }
        catch (FormatException ex)
        {
            throw CliException.Failed($"{source}: the envelope's payload is not base64: {ex.Message}");
        }

        if (!manifest.Metadata.Target.Groups.Any(g => g.Value == group))
        {
            var message = $"{source}: the manifest targets groups [{string.Join(", ", manifest.Metadata.Target.Groups)}], not {group}: devices would refuse it on their rollout topics";
            throw source.StartsWith("--", StringComparison.Ordinal) ? CliException.Usage(message) : CliException.Failed(message);
        }

        return manifest;
    }
}
