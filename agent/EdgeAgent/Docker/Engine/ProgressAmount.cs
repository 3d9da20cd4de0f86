namespace EdgeAgent.Docker.Engine;

/// <summary>Bytes done of a layer's download or extraction.</summary>
internal sealed class ProgressAmount(long current, long total)
{
    public long Current { get; } = current;
    public long Total { get; } = total;
}
