using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Reports an outcome as status, event and log line.</summary>
public sealed record ReportOutcome(AgentUpdateOutcome Outcome) : AgentUpdateStep
{
    public override string Describe() => $"report {Outcome.Result} {Outcome.Version} from {Outcome.From}" + (Outcome.Reason is { } reason ? $": {reason}" : "");
}
