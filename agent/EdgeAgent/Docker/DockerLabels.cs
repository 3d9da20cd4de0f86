namespace EdgeAgent.Docker;

/// <summary>Labels that mark what the agent owns (README "How it reconciles", ownership). Anything without them is never touched.</summary>
internal static class DockerLabels
{
    public const string Managed = "io.edgeagent.managed";
    public const string App = "io.edgeagent.app";
    public const string SpecHash = "io.edgeagent.spec-hash";
    public const string Network = "io.edgeagent.network";

    public const string ManagedFilter = Managed + "=true";
}
