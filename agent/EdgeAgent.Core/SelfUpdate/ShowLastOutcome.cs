using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Puts the remembered outcome back in the status after a restart, without a second event.</summary>
public sealed record ShowLastOutcome(AgentUpdateOutcome Outcome) : AgentUpdateStep
{
    public override string Describe() => $"show {Outcome.Result} {Outcome.Version}";
}
