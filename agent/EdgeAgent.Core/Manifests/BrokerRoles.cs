namespace EdgeAgent.Core.Manifests;

/// <summary>
/// The names the broker gives more than a device's rights: its operators (read and write the whole
/// fleet's topics) and monitors (read every report). The broker knows a client only by its
/// certificate's CN (mosquitto's `user edge-operator` block, NATS's "CN=edge-operator" entry), so a
/// device certificate with such a CN would be an operator. These names are therefore a namespace of
/// their own that no device id may enter: `edge-operator` and `edge-monitor`, each alone or followed
/// by '-' and more (more operators or monitors: edge-operator-alice, edge-monitor-hall).
/// </summary>
public static class BrokerRoles
{
    public const string Operator = "edge-operator";
    public const string Monitor = "edge-monitor";

    /// <summary>What every refusal of a device id in this namespace says.</summary>
    public const string Rule = "is reserved for the broker's operators and monitors (edge-operator, edge-monitor and names starting edge-operator- or edge-monitor-); a device may not use it";

    /// <summary>What a refusal of an operator or monitor name outside it says.</summary>
    public const string RoleRule = "must be edge-operator or edge-monitor, " + RoleRuleTail;

    /// <summary>What a refusal of a name given for one role (an operator, or a monitor) says.</summary>
    public static string RoleRuleFor(string role) => $"must be {role}, {RoleRuleTail}";

    private const string RoleRuleTail = "alone or followed by '-' and more lowercase letters, digits and '-' (names the broker gives those rights; no device may have one)";

    public static bool IsOperator(string? name) => Is(name, Operator);

    public static bool IsMonitor(string? name) => Is(name, Monitor);

    /// <summary>True when the broker would (or may be configured to) treat this CN as an operator or monitor.</summary>
    public static bool IsRole(string? name) => IsOperator(name) || IsMonitor(name);

    private static bool Is(string? name, string role) =>
        DeviceName.IsValid(name) && (name == role || name!.StartsWith(role + "-", StringComparison.Ordinal));
}
