namespace EdgeAgent.Core.SelfUpdate;

/// <summary>What the agent does about the release its desired state names.</summary>
public enum AgentUpdateAction
{
    /// <summary>No release named, or it is the running one.</summary>
    None,

    /// <summary>Stage the release, check it, swap it in and restart into it.</summary>
    Install,

    /// <summary>Leave the running agent alone and report why.</summary>
    Refuse,
}
