namespace EdgeAgent.Core.Reconciliation;

/// <summary>When the loop runs its next pass, and the reason it logs for it unless a trigger wakes it first.</summary>
/// <param name="Reason">"verify" or "resync".</param>
/// <param name="WakeAt">Null: run at once; otherwise wait for a trigger until then.</param>
/// <param name="State">The schedule's state to pass to the next <see cref="PassSchedule.Next"/>.</param>
public sealed record NextPass(string Reason, DateTimeOffset? WakeAt, PassScheduleState State)
{
    public bool RunNow => WakeAt is null;
}
