using Microsoft.Extensions.Logging;

namespace EdgeAgent.Logging;

/// <summary>Structured logs straight into systemd's journal, used when the agent runs as a service with a journal.</summary>
[ProviderAlias("Journal")]
internal sealed class JournalLoggerProvider(string socketPath = JournalSocket.DefaultPath) : ILoggerProvider, ISupportExternalScope
{
    private readonly JournalSocket socket = new(socketPath);
    private IExternalScopeProvider? scopes;

    /// <summary>True when stderr goes to the journal (systemd sets JOURNAL_STREAM) and its socket is there.</summary>
    public static bool Available() =>
        Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 } && Path.Exists(JournalSocket.DefaultPath);

    public ILogger CreateLogger(string categoryName) => new JournalLogger(categoryName, socket, () => scopes);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() => socket.Dispose();
}
