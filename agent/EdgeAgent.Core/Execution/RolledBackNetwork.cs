using EdgeAgent.Core.Desired;

namespace EdgeAgent.Core.Execution;

/// <summary>
/// A desired network that commit-confirm rolled back, kept in the state directory so that an agent
/// restart does not cut the device off once more to learn the same lesson. Identified by the
/// SHA-256 of <see cref="DesiredOvs.Fingerprint"/>.
/// </summary>
public sealed record RolledBackNetwork(string FingerprintSha256, string Reason);
