namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Removes the guard's note once its rollback is recorded.</summary>
public sealed class DeleteGuardNote : AgentUpdateStep
{
    public override string Describe() => "delete guard note";
}
