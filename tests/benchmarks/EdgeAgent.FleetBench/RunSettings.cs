namespace EdgeAgent.FleetBench;

/// <summary>One benchmark run: the fleet's size, its brokers, and how the harness restarts them for the storm.</summary>
/// <param name="Work">The directory <see cref="FleetPki"/> filled.</param>
/// <param name="Label">The broker's name in the printed figures.</param>
/// <param name="Devices">How many simulated devices.</param>
/// <param name="Urls">The broker nodes (every device gets them all, shuffled, as broker.urls).</param>
/// <param name="Protocol">mqtt5 or mqtt311.</param>
/// <param name="Rounds">Manifests published one after the other once all devices reported.</param>
/// <param name="StormCommand">A shell command restarting every broker node at once (returns once they listen), or null for no storm.</param>
/// <param name="RefreshSeconds">The devices' broker.refreshSeconds.</param>
/// <param name="SubscribeQos">The devices' broker.subscribeQos.</param>
/// <param name="ConnectRate">Devices started per second, or 0 for all at once.</param>
/// <param name="PidFiles">Files holding the broker processes' pids, for CPU and memory.</param>
/// <param name="PhaseLimit">How long one phase (connect, a publish reaching all, the storm) may take before the run reports a timeout.</param>
internal sealed record RunSettings(
    string Work, string Label, int Devices, IReadOnlyList<string> Urls, string Protocol, int Rounds, string? StormCommand, int RefreshSeconds, int SubscribeQos, int ConnectRate, IReadOnlyList<string> PidFiles, TimeSpan PhaseLimit);
