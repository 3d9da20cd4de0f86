namespace EdgeCtl.Authorization;

/// <summary>One device of the fleet and the groups whose desired state it may read.</summary>
internal sealed record FleetMember(string Device, IReadOnlyList<string> Groups);
