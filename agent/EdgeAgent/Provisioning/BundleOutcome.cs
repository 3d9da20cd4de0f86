namespace EdgeAgent.Provisioning;

/// <summary>A bundle taken: the files now in the configuration directory, and what went wrong after they were (a key left on the card).</summary>
internal sealed class BundleOutcome(IReadOnlyList<string> taken, IReadOnlyList<string> warnings, bool signed)
{
    public IReadOnlyList<string> Taken { get; } = taken;
    public IReadOnlyList<string> Warnings { get; } = warnings;
    public bool Signed { get; } = signed;
}
