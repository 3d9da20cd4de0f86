namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The outcome of <see cref="AgentUpdateMachine.Next"/>: the next state and the steps to perform, in order.</summary>
public sealed class AgentUpdateTransition(AgentUpdateState state, IReadOnlyList<AgentUpdateStep> steps)
{
    public AgentUpdateState State { get; } = state;
    public IReadOnlyList<AgentUpdateStep> Steps { get; } = steps;
}
