namespace EdgeAgent.Provisioning;

/// <summary>A bundle taken: the files now in the configuration directory, and what went wrong after they were (a key left on the card).</summary>
internal sealed record BundleOutcome(IReadOnlyList<string> Taken, IReadOnlyList<string> Warnings, bool Signed);
