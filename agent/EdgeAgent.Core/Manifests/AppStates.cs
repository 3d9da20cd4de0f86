namespace EdgeAgent.Core.Manifests;

/// <summary>Values of <see cref="AppSpec.State"/>.</summary>
public static class AppStates
{
    public const string Running = "running";
    public const string Stopped = "stopped";
}
