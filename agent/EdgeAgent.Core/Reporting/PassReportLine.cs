namespace EdgeAgent.Core.Reporting;

/// <summary>One line of a <see cref="PassReport"/>; <see cref="Kind"/> decides how loud a renderer makes it. <see cref="Target"/>: the app, network or bridge it is about.</summary>
public sealed record PassReportLine(PassLineKind Kind, string Text, string? Target = null)
{
    public bool IsFailure => Kind is PassLineKind.StepFailed or PassLineKind.Problem or PassLineKind.SwitchError or PassLineKind.RolledBack;

    public override string ToString() => Text;
}
