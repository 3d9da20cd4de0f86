namespace EdgeAgent.Core.Intake;

public static class PayloadTypes
{
    public const string Manifest = "application/vnd.edgeagent.manifest+json";
    public const string Root = "application/vnd.edgeagent.root+json";
    public const string Request = "application/vnd.edgeagent.request+json";
}
