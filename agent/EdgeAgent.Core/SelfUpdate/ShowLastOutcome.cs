using EdgeAgent.Core.Reporting;

namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Puts the remembered outcome back in the status after a restart, without a second event.</summary>
public sealed class ShowLastOutcome(AgentUpdateOutcome outcome) : AgentUpdateStep
{
    public AgentUpdateOutcome Outcome { get; } = outcome;

    public override string Describe() => $"show {Outcome.Result} {Outcome.Version}";
}
