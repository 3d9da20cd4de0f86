namespace EdgeAgent.Core.Abstractions;

/// <summary>A classified failure of a runtime operation.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(FailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public StepFailedException()
        : this(FailureKind.Retryable, "step failed")
    {
    }

    public StepFailedException(string message)
        : this(FailureKind.Retryable, message)
    {
    }

    public StepFailedException(string message, Exception innerException)
        : this(FailureKind.Retryable, message, innerException)
    {
    }

    public FailureKind Kind { get; }
}
