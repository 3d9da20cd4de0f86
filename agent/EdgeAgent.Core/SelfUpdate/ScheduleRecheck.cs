using System.Globalization;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Asks for a pass after <paramref name="after"/>: readiness and the connection come on their own time, not at the next resync.</summary>
public sealed class ScheduleRecheck(TimeSpan after) : AgentUpdateStep
{
    public TimeSpan After { get; } = after;

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"recheck in {After.TotalSeconds:0.###} s");
}
