namespace EdgeAgent.Core.Admission;

/// <summary>
/// A host path no bind may expose, nor any directory above it, whatever the allowed prefixes say:
/// the API sockets that control the device and the agent's own trust files.
/// </summary>
/// <param name="Path">The path as configured (resolved before comparing).</param>
/// <param name="Rule">The rule code reported when a bind exposes it.</param>
/// <param name="What">What it is, for the message.</param>
public sealed record ProtectedPath(string Path, string Rule, string What)
{
    public static ProtectedPath DockerSocket(string path) => new(path, "docker-socket", "the Docker socket");

    public static ProtectedPath OvsdbSocket(string path) => new(path, "ovsdb-socket", "the Open vSwitch database socket");

    public static ProtectedPath AgentFiles(string path) => new(path, "agent-state", "the agent's trust and state files");
}
