namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Removes the probation ticket: from then on the guard leaves this agent alone.</summary>
public sealed class DeleteProbationTicket : AgentUpdateStep
{
    public override string Describe() => "delete ticket";
}
