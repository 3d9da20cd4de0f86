using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Rollouts;

/// <summary>A real mosquitto with the repository's configuration and certificates for the rollout tests' simulated devices.</summary>
public sealed class RolloutFleet : MosquittoBroker
{
    public const string CleanGroup = "wave-clean";
    public const string FailGroup = "wave-fail";
    public const string KillGroup = "wave-kill";
    public const string PauseGroup = "wave-pause";
    public const string LostGroup = "wave-lost";
    public const string MemberGroup = "wave-members";

    /// <summary>May clear devices' rollout topics, standing in for a broker that loses a retained message.</summary>
    public const string Eraser = "rollout-eraser";

    public static IReadOnlyList<string> DeviceIds(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i:00}")];

    protected override IReadOnlyList<string> MoreDevices => [.. DeviceIds("wc", 50), .. DeviceIds("wf", 12), .. DeviceIds("wk", 12), .. DeviceIds("wp", 6), .. DeviceIds("wl", 3), .. DeviceIds("wm", 3), Eraser];

    // Every simulated device may read the rollout groups (a pattern instead of 74 `user` blocks).
    protected override string MoreAcl =>
        string.Concat(new[] { CleanGroup, FailGroup, KillGroup, PauseGroup, LostGroup, MemberGroup }.Select(g => $"pattern read edge/v1/groups/{g}/desired\n"))
        + $"user {Eraser}\ntopic readwrite edge/v1/devices/+/rollout/+\n";
}
