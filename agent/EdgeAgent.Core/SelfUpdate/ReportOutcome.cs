using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Reports an outcome as status, event and log line.</summary>
public sealed class ReportOutcome(AgentUpdateOutcome outcome) : AgentUpdateStep
{
    public AgentUpdateOutcome Outcome { get; } = outcome;

    public override string Describe() => $"report {Outcome.Result} {Outcome.Version} from {Outcome.From}" + (Outcome.Reason is { } reason ? $": {reason}" : "");
}
