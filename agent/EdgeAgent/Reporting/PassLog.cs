using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Reporting;

/// <summary>One pass as the daemon's log tells it: quiet when nothing changed, every step and problem otherwise.</summary>
internal sealed partial class PassLog(ILogger logger)
{
    public void Write(string reason, PassResult pass)
    {
        // Said whatever the pass did: a converged pass also reads the documents on its first run.
        foreach (var setAside in pass.StateSetAside)
        {
            LogStateSetAside(setAside);
        }

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

        var report = PassReport.Of(pass);
        LogPass(reason, report.Headline);
        foreach (var line in report.Lines)
        {
            // The app (or network, or bridge) as a structured value: the journal's EDGEAGENT_APP.
            using var scope = line.Target is { } target ? logger.BeginScope(new AppScope(target)) : null;
            switch (line.Kind)
            {
                case PassLineKind.SwitchStage:
                    LogSwitchStage(line.Text);
                    break;
                case PassLineKind.StepFailed:
                    LogStepFailed(line.Text);
                    break;
                case PassLineKind.Problem:
                    LogProblem(line.Text);
                    break;
                case PassLineKind.SwitchError:
                    LogOvsFailed(line.Text);
                    break;
                case PassLineKind.RolledBack when line.Target is not null:
                    LogAppRolledBack(line.Text);
                    break;
                case PassLineKind.RolledBack:
                    LogRolledBack(pass.OvsRolledBack ?? line.Text);
                    break;
                case PassLineKind.StateSetAside:
                    break; // logged above

                default:
                    LogStep(line.Text);
                    break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private partial void LogStateSetAside(string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Network change rolled back: {Reason}. Keeping the previous network until a different one is published")]
    private partial void LogRolledBack(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Line}. Keeping its previous version until a newer manifest is published")]
    private partial void LogAppRolledBack(string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass ({Reason}): keeping the previous network (the desired one was rolled back)")]
    private partial void LogKeptPreviousNetwork(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass ({Reason}): converged, nothing to do")]
    private partial void LogConverged(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pass ({Reason}): {Headline}")]
    private partial void LogPass(string reason, string headline);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Line}")]
    private partial void LogSwitchStage(string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Result}")]
    private partial void LogStep(string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Result}")]
    private partial void LogStepFailed(string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot converge {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pass failed before planning: {Line}")]
    private partial void LogOvsFailed(string line);
}
