namespace EdgeAgent.Core.Manifests;

/// <summary>How an app is replaced when its definition changes, and how long the new version is on probation.</summary>
public sealed record UpdateSpec
{
    /// <summary>The old container stops before the new one starts (the image is pulled first).</summary>
    public const string StopFirst = "stop-first";

    /// <summary>Make-before-break: the new container starts while the old one still runs.</summary>
    public const string StartFirst = "start-first";

    public string Strategy { get; set; } = StopFirst;

    /// <summary>How long a replaced app must run (and be healthy, with a healthcheck) before its previous version is let go; 0: no probation.</summary>
    public int ProbationSeconds { get; init; }
}
