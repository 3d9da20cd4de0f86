namespace EdgeAgent.Configuration;

/// <summary>agent.json "logs": the device's default log cap for apps whose manifest sets none.</summary>
internal sealed class LogsOptions
{
    /// <summary>Bytes or a Ki/Mi/Gi size, as in manifests ("10Mi").</summary>
    public string? MaxSize { get; set; }

    public int? MaxFiles { get; set; }
}
