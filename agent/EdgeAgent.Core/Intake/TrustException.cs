namespace EdgeAgent.Core.Intake;

/// <summary>A refusal by the trust layer, with a stable <see cref="Reason"/> code and a message naming what failed.</summary>
public sealed class TrustException : Exception
{
    public TrustException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public TrustException()
        : this(TrustReason.MalformedEnvelope, "untrusted input")
    {
    }

    public TrustException(string message)
        : this(TrustReason.MalformedEnvelope, message)
    {
    }

    public TrustException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = TrustReason.MalformedEnvelope;
    }

    public string Reason { get; }
}
