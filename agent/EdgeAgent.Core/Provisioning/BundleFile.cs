namespace EdgeAgent.Core.Provisioning;

/// <summary>A file of a provisioning bundle as <see cref="BundleRules"/> judges it: its name in the bundle and its size.</summary>
public sealed record BundleFile(string Name, long Bytes);
