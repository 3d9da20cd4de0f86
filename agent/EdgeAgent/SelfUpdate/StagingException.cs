namespace EdgeAgent.SelfUpdate;

/// <summary>A release that could not be staged: nothing was swapped, the message says why.</summary>
internal sealed class StagingException : Exception
{
    public StagingException()
    {
    }

    public StagingException(string message)
        : base(message)
    {
    }

    public StagingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
