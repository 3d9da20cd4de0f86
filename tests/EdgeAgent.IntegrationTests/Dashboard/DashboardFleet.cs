using EdgeAgent.IntegrationTests.Mqtt;
using EdgeAgent.IntegrationTests.Rollouts;

namespace EdgeAgent.IntegrationTests.Dashboard;

/// <summary>A real mosquitto with certificates for the dashboard's devices: simulated agents (db-*) and mesh devices reporting tunnels (dm-*).</summary>
public sealed class DashboardFleet : MosquittoBroker
{
    public const string Group = "dash";

    public static IReadOnlyList<string> Agents => RolloutFleet.DeviceIds("db", 4);

    public static IReadOnlyList<string> MeshDevices => ["dm-01", "dm-02", "dm-03"];

    protected override IReadOnlyList<string> MoreDevices => [.. Agents, .. MeshDevices];

    protected override string MoreAcl => $"pattern read edge/v1/groups/{Group}/desired\n";
}
