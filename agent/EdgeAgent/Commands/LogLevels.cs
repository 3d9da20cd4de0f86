using Microsoft.Extensions.Logging;

namespace EdgeAgent.Commands;

internal static class LogLevels
{
    /// <summary>EDGEAGENT_LOG_LEVEL (Debug, Information, Warning, ...); Information when unset or unknown.</summary>
    public static LogLevel FromEnvironment() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("EDGEAGENT_LOG_LEVEL"), ignoreCase: true, out var level) ? level : LogLevel.Information;
}
