namespace EdgeAgent.Core.Reconciliation;

/// <summary>When the loop runs its next pass, and the reason it logs for it unless a trigger wakes it first.</summary>
/// <param name="reason">"verify" or "resync".</param>
/// <param name="wakeAt">Null: run at once; otherwise wait for a trigger until then.</param>
/// <param name="state">The schedule's state to pass to the next <see cref="PassSchedule.Next"/>.</param>
/// <remarks>A class, not a record: nothing compares or prints it (a record's synthesized members cost the binary).</remarks>
public sealed class NextPass(string reason, DateTimeOffset? wakeAt, PassScheduleState state)
{
    public string Reason { get; } = reason;

    public DateTimeOffset? WakeAt { get; } = wakeAt;

    public PassScheduleState State { get; } = state;

    public bool RunNow => WakeAt is null;
}
