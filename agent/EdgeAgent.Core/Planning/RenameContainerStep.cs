namespace EdgeAgent.Core.Planning;

/// <summary>Renames a container: to keep the previous version aside during probation, or to restore it.</summary>
public sealed record RenameContainerStep(string App, string ContainerId, string NewName) : PlanStep
{
    public override string Target => App;
    public override string Action => "rename";
    public override string Describe() => $"rename {App} ({ShortId.Of(ContainerId)}) to {NewName}";
}
