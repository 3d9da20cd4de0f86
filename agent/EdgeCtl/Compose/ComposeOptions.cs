namespace EdgeCtl.Compose;

/// <summary>What `edgectl manifest from-compose` adds to a compose file to make a manifest.</summary>
internal sealed record ComposeOptions
{
    public required string Name { get; init; }
    public required long Version { get; init; }
    public IReadOnlyList<string> Devices { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Where relative bind sources (./data) are rebased on the device; null: relative binds are refused.</summary>
    public string? BindRoot { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Variables for substitution: the --env-file's, overridden by this process's environment (as compose does).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The compose file's directory: env_file paths are relative to it.</summary>
    public required string Directory { get; init; }
}
