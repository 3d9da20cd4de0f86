namespace EdgeAgent.Core.Manifests;

/// <summary>Reads a <see cref="DeviceName"/> under the one name rule; writes its text.</summary>
public sealed class DeviceNameJsonConverter : TextValueJsonConverter<DeviceName>
{
    protected override bool TryParse(string text, out DeviceName value)
    {
        var parsed = DeviceName.Parse(text);
        value = parsed.GetValueOrDefault();
        return parsed is not null;
    }

    protected override string Refusal(string text) => $"{TextRules.Quote(text)} {DeviceName.Rule}";

    protected override string Format(DeviceName value) => value.Value;
}
