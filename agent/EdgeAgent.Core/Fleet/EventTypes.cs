namespace EdgeAgent.Core.Fleet;

public static class EventTypes
{
    public const string Applied = "applied";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string DriftRepaired = "drift-repaired";
    public const string RootRotated = "root-rotated";
    public const string RolledBack = "rolled-back";
}
