namespace EdgeAgent.Ovs;

/// <summary>An OVSDB request failed: an error reply, an aborted transaction, or a lost connection.</summary>
internal sealed class OvsdbException : Exception
{
    public OvsdbException()
    {
    }

    public OvsdbException(string message)
        : base(message)
    {
    }

    public OvsdbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
