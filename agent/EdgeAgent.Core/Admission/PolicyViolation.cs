namespace EdgeAgent.Core.Admission;

/// <summary>Why admission refused a field: <paramref name="Rule"/> is a stable code, <paramref name="Path"/> the JSON path.</summary>
public sealed record PolicyViolation(string Path, string Rule, string Message)
{
    public override string ToString() => $"{Path}: {Message} [{Rule}]";
}
