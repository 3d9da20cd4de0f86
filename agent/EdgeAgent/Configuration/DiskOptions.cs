namespace EdgeAgent.Configuration;

internal sealed class DiskOptions
{
    /// <summary>Kept free on the filesystem of Docker's data root: a size ("2Gi") or a share ("10%", the default).</summary>
    public string? Reserve { get; set; }
}
