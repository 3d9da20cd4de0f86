namespace EdgeAgent.Core.SelfUpdate;

/// <summary>Removes staged releases other than the one `current` points at: a rolled-back or superseded binary is only disk used.</summary>
public sealed class DeleteOtherReleases : AgentUpdateStep
{
    public override string Describe() => "delete other releases";
}
