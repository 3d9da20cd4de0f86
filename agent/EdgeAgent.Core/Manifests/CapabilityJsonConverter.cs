namespace EdgeAgent.Core.Manifests;

/// <summary>Reads a <see cref="Capability"/> in any accepted spelling; writes its normalised name.</summary>
public sealed class CapabilityJsonConverter : TextValueJsonConverter<Capability>
{
    protected override bool TryParse(string text, out Capability value) => Capability.TryParse(text, out value);

    protected override string Refusal(string text) => $"{TextRules.Quote(text)} is not a capability name";

    protected override string Format(Capability value) => value.Name;
}
