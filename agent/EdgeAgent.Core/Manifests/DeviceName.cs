namespace EdgeAgent.Core.Manifests;

/// <summary>
/// The one rule for device ids and group names, wherever they are written: agent.json, a manifest's
/// target, a device certificate's CN (edgectl cert issue, device provision) and edgectl fleet. A
/// name one of them accepts, all accept: it is also an MQTT topic level and a Docker-safe label.
/// A device id must also stay out of the broker's operator and monitor names (<see cref="BrokerRoles"/>):
/// <see cref="DeviceIdProblem"/> checks both, wherever a device id (not a group) is accepted.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DeviceNameJsonConverter))]
public readonly record struct DeviceName
{
    /// <summary>What every refusal says.</summary>
    public const string Rule = "must be 1 to 63 lowercase letters, digits and '-', starting with a letter or digit";

    private DeviceName(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid(string? text) =>
        text is { Length: >= 1 and <= 63 }
        && (char.IsAsciiLetterLower(text[0]) || char.IsAsciiDigit(text[0]))
        && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// Null when <paramref name="text"/> may be a device id; otherwise what is wrong with it, to follow
    /// the quoted name in a refusal (<see cref="Rule"/> or <see cref="BrokerRoles.Rule"/>).
    /// </summary>
    public static string? DeviceIdProblem(string? text) =>
        !IsValid(text) ? Rule : BrokerRoles.IsRole(text) ? BrokerRoles.Rule : null;

    public static bool IsValidDeviceId(string? text) => DeviceIdProblem(text) is null;

    /// <summary>The name, or null when <paramref name="text"/> breaks the <see cref="Rule"/>.</summary>
    public static DeviceName? Parse(string? text) => IsValid(text) ? new DeviceName(text!) : null;

    public override string ToString() => Value ?? "";
}
