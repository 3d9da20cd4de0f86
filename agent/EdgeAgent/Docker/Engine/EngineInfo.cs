namespace EdgeAgent.Docker.Engine;

/// <summary>What the agent reads of GET /info: whether swap limits work, the daemon's warnings, its data root.</summary>
internal sealed class EngineInfo
{
    public bool SwapLimit { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
    public string? DockerRootDir { get; init; }

    /// <summary>The machine's architecture as the engine names it (x86_64, aarch64, armv7l).</summary>
    public string? Architecture { get; init; }
}
