using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Abstractions;

/// <summary>The device's Open vSwitch (OVSDB), as the OVS stage of a pass sees it.</summary>
public interface IOvsSwitch
{
    /// <summary>Requests sent to the database since start (observed by benchmarks and the apply report).</summary>
    int RoundTrips { get; }

    /// <summary>False when no OVSDB server answers (a device without Open vSwitch).</summary>
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);

    Task<ObservedOvs> ObserveAsync(CancellationToken cancellationToken);

    /// <summary>Applies every change in one transaction: all or nothing.</summary>
    Task ApplyAsync(IReadOnlyList<OvsChange> changes, CancellationToken cancellationToken);
}
