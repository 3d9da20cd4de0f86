namespace EdgeAgent.Core.Abstractions;

/// <summary>
/// A state document as read: its value (null when absent or unusable), and, when it was unusable,
/// what was wrong and what the agent did about it (one sentence for the log, status and events).
/// </summary>
public sealed record StateDocumentRead<T>(T? Value, string? SetAside)
    where T : class;
