namespace EdgeAgent.Configuration;

internal sealed class DockerOptions
{
    public string? Endpoint { get; set; }

    /// <summary>The longest a pull may take, all layers (a slow link on a large image).</summary>
    public int? PullTimeoutSeconds { get; set; }

    /// <summary>A pull that reports no progress for this long is aborted and retried (a registry gone silent).</summary>
    public int? PullStallSeconds { get; set; }
}
