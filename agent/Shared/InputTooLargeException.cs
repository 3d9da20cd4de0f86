namespace EdgeAgent.Shared;

/// <summary>An input file larger than its cap: refused before it is read (a rejection, not an unreadable file).</summary>
internal sealed class InputTooLargeException : IOException
{
    public InputTooLargeException()
    {
    }

    public InputTooLargeException(string message)
        : base(message)
    {
    }

    public InputTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
