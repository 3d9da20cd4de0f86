namespace EdgeAgent.Core.Intake;

public static class PayloadTypes
{
    public const string Manifest = "application/vnd.edgeagent.manifest+json";
    public const string Root = "application/vnd.edgeagent.root+json";
    public const string Request = "application/vnd.edgeagent.request+json";

    /// <summary>A provisioning bundle's SHA256SUMS, signed by the root keys of the fleet a device already trusts.</summary>
    public const string Bundle = "application/vnd.edgeagent.bundle+sha256sums";
}
