namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The outcome of <see cref="AgentUpdateMachine.Next"/>: the next state and the steps to perform, in order.</summary>
/// <remarks>The steps are built as an array: a collection expression aimed at an interface would make the compiler synthesize list types for it.</remarks>
public sealed class AgentUpdateTransition(AgentUpdateState state, AgentUpdateStep[] steps)
{
    public AgentUpdateState State { get; } = state;
    public IReadOnlyList<AgentUpdateStep> Steps { get; } = steps;
}
