namespace EdgeAgent.Core.SelfUpdate;

/// <summary>The outcome of <see cref="AgentUpdatePlanner.Decide"/>.</summary>
public sealed record AgentUpdateDecision(AgentUpdateAction Action, string Version = "", string Image = "", string Sha256 = "", int ProbationSeconds = 0, string? Reason = null)
{
    public static AgentUpdateDecision Nothing { get; } = new(AgentUpdateAction.None);

    public static AgentUpdateDecision Refused(string version, string reason) => new(AgentUpdateAction.Refuse, version, Reason: reason);
}
