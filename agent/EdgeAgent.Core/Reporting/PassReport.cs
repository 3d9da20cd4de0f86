using System.Globalization;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;

namespace EdgeAgent.Core.Reporting;

/// <summary>
/// One pass as people read it. The daemon's log, <c>edge-agent apply</c> and the status events all
/// render this one report, so they tell the same story in the same words.
/// </summary>
public sealed record PassReport
{
    /// <summary>"nothing to do", or "3 step(s), 1 switch change(s)".</summary>
    public required string Headline { get; init; }

    /// <summary>In the order things happened: the switch first, then the containers.</summary>
    public required IReadOnlyList<PassReportLine> Lines { get; init; }

    /// <summary>What keeps the device from converging, as the status's lastError and failed events say it: problems, then a switch error.</summary>
    public required IReadOnlyList<string> Blocking { get; init; }

    /// <summary>The steps that failed or were skipped.</summary>
    public required IReadOnlyList<string> FailedSteps { get; init; }

    public static PassReport Of(PassResult pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var lines = pass.StateSetAside.Select(s => new PassReportLine(PassLineKind.StateSetAside, s)).ToList();
        lines.AddRange(pass.Ovs.Changes.Select(c => new PassReportLine(PassLineKind.SwitchChange, "ovs     " + c)));
        if (pass.OvsObserved is not null)
        {
            lines.Add(new PassReportLine(
                PassLineKind.SwitchStage,
                string.Create(CultureInfo.InvariantCulture, $"ovs stage: {pass.Ovs.Changes.Count} change(s), {pass.OvsRoundTrips} OVSDB round trip(s), {pass.OvsElapsed.TotalMilliseconds:F1} ms")));
        }

        lines.AddRange(pass.Ovs.Problems.Select(p => new PassReportLine(PassLineKind.Problem, p.ToString(), p.Target)));
        var switchError = pass.OvsError is { } error ? "Open vSwitch: " + error : null;
        if (switchError is not null)
        {
            lines.Add(new PassReportLine(PassLineKind.SwitchError, switchError));
        }

        if (pass.OvsRolledBack is { } rolledBack)
        {
            lines.Add(new PassReportLine(PassLineKind.RolledBack, "network change rolled back: " + rolledBack));
        }

        lines.AddRange(pass.RolledBack.Select(r => new PassReportLine(PassLineKind.RolledBack, $"app {r.Key} rolled back: {r.Value}", r.Key)));
        if (pass.OnProbation.Count > 0)
        {
            lines.Add(new PassReportLine(PassLineKind.Probation, "on probation: " + string.Join(", ", pass.OnProbation)));
        }

        lines.AddRange(pass.Results.Select(r => new PassReportLine(r.Outcome == StepOutcome.Succeeded ? PassLineKind.Step : PassLineKind.StepFailed, r.ToString(), r.Step.Target)));
        lines.AddRange(pass.Plan.Problems.Select(p => new PassReportLine(PassLineKind.Problem, p.ToString(), p.Target)));

        return new PassReport
        {
            Headline = pass.Plan.IsEmpty && pass.Ovs.IsEmpty
                ? "nothing to do"
                : string.Create(CultureInfo.InvariantCulture, $"{pass.Plan.Steps.Count} step(s), {pass.Ovs.Changes.Count} switch change(s)"),
            Lines = lines,
            Blocking = [.. pass.Plan.Problems.Concat(pass.Ovs.Problems).Select(p => p.ToString()), .. switchError is null ? [] : new[] { switchError }],
            FailedSteps = [.. pass.Results.Where(r => r.Outcome != StepOutcome.Succeeded).Select(r => r.ToString().Trim())],
        };
    }
}
