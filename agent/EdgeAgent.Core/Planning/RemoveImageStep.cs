namespace EdgeAgent.Core.Planning;

/// <summary>Removes an image the agent pulled that no desired app and no container uses any more.</summary>
public sealed record RemoveImageStep(string Image) : PlanStep
{
    public override string Target => Image;
    public override string Action => "remove-image";
    public override string Describe() => $"remove image {Image} (no longer used)";
}
