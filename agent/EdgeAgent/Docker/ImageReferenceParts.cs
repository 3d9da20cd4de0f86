namespace EdgeAgent.Docker;

/// <summary>Splits "registry:5000/repo:tag@sha256:..." into repository, tag and digest.</summary>
internal sealed class ImageReferenceParts(string repository, string? tag, string? digest)
{
    public string Repository { get; } = repository;
    public string? Tag { get; } = tag;
    public string? Digest { get; } = digest;

    public static ImageReferenceParts Parse(string reference)
    {
        string? digest = null;
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = reference[(at + 1)..];
            reference = reference[..at];
        }

        // A ':' after the last '/' separates the tag; one before it belongs to a registry port.
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        return colon > slash
            ? new ImageReferenceParts(reference[..colon], reference[(colon + 1)..], digest)
            : new ImageReferenceParts(reference, null, digest);
    }
}
