namespace EdgeAgent.Core.Manifests;

/// <summary>Reads and writes a <see cref="ByteSize"/> as its text.</summary>
public sealed class ByteSizeJsonConverter : TextValueJsonConverter<ByteSize>
{
    protected override bool TryParse(string text, out ByteSize value) => ByteSize.TryParse(text, out value);

    protected override string Refusal(string text) => $"{TextRules.Quote(text)} is not a size: use bytes or a number with Ki, Mi or Gi";

    protected override string Format(ByteSize value) => value.Text;
}
