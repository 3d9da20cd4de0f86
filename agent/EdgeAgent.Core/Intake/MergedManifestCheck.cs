using System.Text.RegularExpressions;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// Each manifest is valid by itself, but their merge may not be: a host port published by apps of two
/// group manifests, an app whose network or dependency was left out as a conflict, a network on a
/// bridge no manifest kept. The merged manifest is validated as a whole before admission, and every
/// error names the manifests involved (stream and version) and the field.
/// </summary>
internal static partial class MergedManifestCheck
{
    /// <param name="merge">The merge to check.</param>
    /// <param name="describe">How to name a source: null for the device manifest, else a group's name.</param>
    public static IReadOnlyList<string> Errors(MergeResult merge, Func<string?, string> describe)
    {
        if (merge.Merged is null)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var error in ManifestValidator.Validate(merge.Merged))
        {
            var sources = new List<string>();
            if (Owner(merge, error.Path) is { } owner)
            {
                sources.Add(owner);
            }

            // The other party of a clash: "already published by app \"x\"".
            foreach (Match other in OtherApp().Matches(error.Message))
            {
                if (merge.Origins.TryGetValue("app " + other.Groups[1].Value, out var group))
                {
                    sources.Add($"app {other.Groups[1].Value} from {describe(group)}");
                }
            }

            errors.Add(sources.Count == 0 ? error.ToString() : $"{error} ({string.Join("; ", sources.Distinct(StringComparer.Ordinal))})");
        }

        return errors;

        string? Owner(MergeResult result, string path)
        {
            foreach (var (prefix, section) in new[] { ("$.spec.apps.", "app"), ("$.spec.networks.", "network"), ("$.spec.ovs.bridges.", "OVS bridge") })
            {
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var name = path[prefix.Length..].Split('.', '[')[0];
                    return result.Origins.TryGetValue($"{section} {name}", out var group) ? $"{section} {name} from {describe(group)}" : null;
                }
            }

            return null;
        }
    }

    [GeneratedRegex("by app \"([a-z0-9-]+)\"")]
    private static partial Regex OtherApp();
}
