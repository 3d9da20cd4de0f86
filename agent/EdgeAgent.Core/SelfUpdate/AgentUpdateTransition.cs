namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The outcome of <see cref="AgentUpdateMachine.Next"/>: the next state and the steps to perform, in order.</summary>
public sealed record AgentUpdateTransition(AgentUpdateState State, IReadOnlyList<AgentUpdateStep> Steps);
