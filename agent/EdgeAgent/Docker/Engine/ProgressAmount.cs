namespace EdgeAgent.Docker.Engine;

/// <summary>Bytes done of a layer's download or extraction.</summary>
internal sealed record ProgressAmount(long Current, long Total);
