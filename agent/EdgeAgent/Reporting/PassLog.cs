using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Reporting;

/// <summary>One pass as the daemon's log tells it: quiet when nothing changed, every step and problem otherwise.</summary>
internal sealed partial class PassLog(ILogger logger)
{
    public void Write(string reason, PassResult pass)
    {
        if (pass.Converged)
        {
            LogConverged(reason);
            return;
        }

        if (pass.KeepsPreviousNetwork)
        {
            LogKeptPreviousNetwork(reason);
            return;
        }

        LogPass(reason, pass.Plan.Steps.Count + pass.Ovs.Changes.Count);
        foreach (var change in pass.Ovs.Changes)
        {
            LogStep("ovs     " + change);
        }

        foreach (var problem in pass.Ovs.Problems)
        {
            LogProblem(problem.ToString());
        }

        if (pass.OvsError is { } ovsError)
        {
            LogOvsFailed(ovsError);
        }

        if (pass.OvsRolledBack is { } rolledBack)
        {
            LogRolledBack(rolledBack);
        }

        foreach (var result in pass.Results)
        {
            if (result.Outcome == StepOutcome.Succeeded)
            {
                LogStep(result.ToString());
            }
            else
            {
                LogStepFailed(result.ToString());
            }
        }

        foreach (var problem in pass.Plan.Problems)
        {
            LogProblem(problem.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Network change rolled back: {Reason}. Keeping the previous network until a different one is published")]
    private partial void LogRolledBack(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass ({Reason}): keeping the previous network (the desired one was rolled back)")]
    private partial void LogKeptPreviousNetwork(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass ({Reason}): converged, nothing to do")]
    private partial void LogConverged(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pass ({Reason}): {Steps} step(s)")]
    private partial void LogPass(string reason, int steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Result}")]
    private partial void LogStep(string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Result}")]
    private partial void LogStepFailed(string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot converge {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pass failed before planning: Open vSwitch: {Error}")]
    private partial void LogOvsFailed(string error);
}
