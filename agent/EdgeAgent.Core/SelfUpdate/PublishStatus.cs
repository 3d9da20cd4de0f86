namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Publishes the status and waits briefly for it to leave: operators see why the agent restarts.</summary>
public sealed class PublishStatus : AgentUpdateStep
{
    public override string Describe() => "publish status";
}
