namespace EdgeAgent.Configuration;

internal sealed class BrokerOptions
{
    public string? Url { get; set; }
    public string? CaFile { get; set; }
    public string? CertFile { get; set; }
    public string? KeyFile { get; set; }
}
