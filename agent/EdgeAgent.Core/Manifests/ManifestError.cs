namespace EdgeAgent.Core.Manifests;

/// <summary>One problem with a manifest, located by its JSON path (e.g. <c>$.spec.apps.web.image</c>).</summary>
public sealed record ManifestError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
