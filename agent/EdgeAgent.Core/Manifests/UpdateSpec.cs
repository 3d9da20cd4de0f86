namespace EdgeAgent.Core.Manifests;

public sealed record UpdateSpec
{
    public const string StopFirst = "stop-first";

    public string Strategy { get; set; } = StopFirst;
    public int ProbationSeconds { get; init; }
}
