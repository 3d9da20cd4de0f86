using Docker.DotNet.Models;
using EdgeAgent.Core.Manifests;

namespace EdgeCtl.Commands;

/// <summary>
/// Whether a bootstrap manifest can converge from the images a bundle carries, with no registry.
/// Docker's `docker load` keeps an image's id and tags but drops its registry digests, so an app
/// pinned as name@sha256:… would still need its registry on the device: such an app is refused with
/// the image id to pin it by instead. Apps whose image is not carried at all only get a warning (the
/// device may reach a registry, or have the image already).
/// </summary>
internal static class BootstrapImages
{
    private const string DefaultPrefix = "docker.io/library/";

    /// <summary>Returns the warnings; throws <see cref="CliException"/> for an app that cannot start offline as written.</summary>
    public static IReadOnlyList<string> Check(Manifest manifest, IReadOnlyList<ImageInspectResponse> carried)
    {
        var warnings = new List<string>();
        foreach (var (app, spec) in manifest.Spec.Apps.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var image = spec.Image;
            if (ImageReference.IsImageId(image))
            {
                if (!carried.Any(c => c.ID == image))
                {
                    warnings.Add($"bootstrap app {app}: image id {image} is not carried (--images) and cannot be pulled; the device must have it already");
                }

                continue;
            }

            if (image.Contains("@sha256:", StringComparison.Ordinal))
            {
                if (carried.FirstOrDefault(c => (c.RepoDigests ?? []).Any(d => Same(d, image) || Same(d, WithoutTag(image)))) is { } match)
                {
                    throw CliException.Failed($"bootstrap app {app}: image {image} is pinned by its registry digest, which Docker drops when the device loads images.tar: "
                        + $"pin it by its image id instead (\"image\": \"{match.ID}\"), sign the manifest again, and provision again");
                }

                warnings.Add($"bootstrap app {app}: {image} is not carried (--images); the device needs its registry to start it");
                continue;
            }

            var tagged = image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal) ? image : image + ":latest";
            if (!carried.Any(c => (c.RepoTags ?? []).Any(t => Same(t, tagged))))
            {
                warnings.Add($"bootstrap app {app}: {image} is not carried (--images); the device needs its registry to start it");
            }
        }

        return warnings;
    }

    private static bool Same(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string reference) =>
        reference.StartsWith(DefaultPrefix, StringComparison.Ordinal) ? reference[DefaultPrefix.Length..] : reference;

    /// <summary>"name:tag@sha256:…" as the engine records it: "name@sha256:…".</summary>
    private static string WithoutTag(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = reference[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] + reference[at..] : reference;
    }
}
