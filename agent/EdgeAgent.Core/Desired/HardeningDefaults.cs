namespace EdgeAgent.Core.Desired;

/// <summary>Settings every managed container gets, whatever the manifest says (README "Security model", admission policy).</summary>
public sealed record HardeningDefaults(bool NoNewPrivileges, string LogDriver, string LogMaxSize, int LogMaxFiles)
{
    public static HardeningDefaults Current { get; } = new(true, "json-file", "10m", 3);
}
