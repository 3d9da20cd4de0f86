using Microsoft.Extensions.Logging;

namespace EdgeAgent.Logging;

/// <summary>
/// One entry per log call, with PRIORITY, SYSLOG_IDENTIFIER and MESSAGE, plus every structured value
/// of the message and of its scopes as an EDGEAGENT_ field: `journalctl -u edge-agent EDGEAGENT_APP=web`.
/// </summary>
internal sealed class JournalLogger(string category, JournalSocket socket, Func<IExternalScopeProvider?> scopes) : ILogger
{
    public const string Identifier = "edge-agent";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => scopes()?.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        if (exception is not null)
        {
            message += Environment.NewLine + exception;
        }

        var fields = new List<(string Name, string Value)>
        {
            ("PRIORITY", JournalFields.Priority(logLevel).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("SYSLOG_IDENTIFIER", Identifier),
            ("MESSAGE", message),
            ("EDGEAGENT_LOGGER", category),
        };
        Add(fields, state);
        scopes()?.ForEachScope((scope, list) => Add(list, scope), fields);
        socket.Send(JournalFields.Encode(fields));
    }

    private static void Add(List<(string Name, string Value)> fields, object? values)
    {
        if (values is not IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            return;
        }

        foreach (var (key, value) in pairs)
        {
            if (key != "{OriginalFormat}")
            {
                fields.Add((JournalFields.FieldName(key), JournalFields.Text(value)));
            }
        }
    }
}
