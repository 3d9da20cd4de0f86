namespace EdgeAgent.Configuration;

internal sealed class OvsdbOptions
{
    public string? Endpoint { get; set; }
}
