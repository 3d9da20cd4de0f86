namespace EdgeAgent.Core.Intake;

/// <summary>When a connected device next wakes up to subscribe again, and what is due then.</summary>
/// <param name="Wait">How long until then (zero when something is overdue).</param>
/// <param name="Read">A read of the granted topics is due: a catch-up read or the periodic refresh, with "online" and the status republished.</param>
/// <param name="Retry">Asking again for the subscriptions the broker refused is due.</param>
public readonly record struct ResubscribeWake(TimeSpan Wait, bool Read, bool Retry);
