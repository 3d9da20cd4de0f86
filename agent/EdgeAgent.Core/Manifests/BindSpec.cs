namespace EdgeAgent.Core.Manifests;

/// <summary>A host path mounted into the container; admitted only under the policy's allowed prefixes.</summary>
public sealed record BindSpec
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
}
