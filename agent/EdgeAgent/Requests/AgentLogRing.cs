using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Requests;

/// <summary>
/// The agent's own recent log lines, kept in memory for `edgectl logs` (the journal is not readable
/// everywhere the agent runs, and this needs no process to start): the newest <see cref="Capacity"/>
/// lines at Information and above.
/// </summary>
internal sealed class AgentLogRing : ILoggerProvider
{
    public const int Capacity = 2000;

    private readonly Lock gate = new();
    private readonly Queue<(DateTimeOffset At, string Line)> lines = new();

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    /// <summary>The kept lines since <paramref name="since"/>, the last <paramref name="tail"/> of them.</summary>
    public IReadOnlyList<string> Read(DateTimeOffset? since, int tail)
    {
        lock (gate)
        {
            var selected = lines.Where(l => since is null || l.At >= since).Select(l => l.Line).ToList();
            return selected.Count > tail ? selected[^tail..] : selected;
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (gate)
        {
            lines.Enqueue((DateTimeOffset.UtcNow, line));
            while (lines.Count > Capacity)
            {
                lines.Dequeue();
            }
        }
    }

    private sealed class RingLogger(AgentLogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            ring.Add($"{at} {logLevel.ToString().ToUpperInvariant()} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
        }
    }
}
