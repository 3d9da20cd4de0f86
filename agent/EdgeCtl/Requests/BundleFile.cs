namespace EdgeCtl.Requests;

/// <summary>One file of a support bundle as listed in bundle.json.</summary>
internal sealed record BundleFile(string Path, int Lines, long Bytes);
