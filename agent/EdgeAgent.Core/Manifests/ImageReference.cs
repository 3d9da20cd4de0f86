using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>
/// Docker image reference syntax: [registry/]path[:tag][@sha256:digest], or a bare image id. Anchored
/// with \z: .NET's '$' also matches before a final newline, which let "…@sha256:…\n" pass as pinned.
/// </summary>
public static partial class ImageReference
{
    public static bool IsValid(string reference) =>
        reference.Length <= 512 && (ReferencePattern().IsMatch(reference) || IsImageId(reference));

    /// <summary>True when the reference pins content: a sha256 digest or a local image id.</summary>
    public static bool IsPinned(string reference) =>
        DigestSuffixPattern().IsMatch(reference) || IsImageId(reference);

    /// <summary>A content-addressed local image id ("sha256:" + 64 hex), which needs no registry.</summary>
    public static bool IsImageId(string reference) => ImageIdPattern().IsMatch(reference);

    [GeneratedRegex(@"^([a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?/)?[a-z0-9]+([._-]{1,2}[a-z0-9]+)*(/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?\z")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"@sha256:[a-f0-9]{64}\z")]
    private static partial Regex DigestSuffixPattern();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}\z")]
    private static partial Regex ImageIdPattern();
}
