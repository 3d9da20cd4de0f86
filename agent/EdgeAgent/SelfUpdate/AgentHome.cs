using System.Runtime.InteropServices;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// Where the agent's own releases live: stateDir/agent, with the `current` link the systemd unit
/// starts, staged releases, and the files shared with the guard (build/systemd/agent-guard).
/// </summary>
internal sealed class AgentHome(string stateDir)
{
    public string Root { get; } = Path.Combine(stateDir, "agent");

    public string Current => Path.Combine(Root, "current");

    public string Ticket => Path.Combine(Root, "probation");

    public string RolledBackNote => Path.Combine(Root, "rolled-back");

    public string Releases => Path.Combine(Root, "releases");

    public string ReleaseBinary(string version) => Path.Combine(Releases, version, "edge-agent");

    /// <summary>Debian's name for this machine's architecture, as in spec.agent.images.</summary>
    public static string Architecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>What `current` points at, or null when there is no such link.</summary>
    public string? CurrentTarget()
    {
        try
        {
            return new FileInfo(Current).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why this process cannot replace itself, or null: only an agent the packaged unit started
    /// through `current` can, since the swap and the rollback both go through that link.
    /// </summary>
    public string? CannotSwap()
    {
        var running = Environment.ProcessPath;
        if (CurrentTarget() is not { } target)
        {
            return $"{Current} does not exist: self-update needs the agent started by the packaged systemd unit";
        }

        var resolved = Path.GetFullPath(target, Root);
        return running is not null && string.Equals(Path.GetFullPath(running), resolved, StringComparison.Ordinal)
            ? null
            : $"this agent ({running}) was not started through {Current} ({resolved}): self-update needs the packaged systemd unit";
    }

    /// <summary>Switches `current` to <paramref name="binary"/> in one rename, as the guard does.</summary>
    public void SwitchTo(string binary)
    {
        var aside = Current + ".new";
        File.Delete(aside);
        File.CreateSymbolicLink(aside, binary);
        File.Move(aside, Current, overwrite: true);
    }
}
