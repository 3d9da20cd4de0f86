using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Intake;

/// <summary>A refusal by the trust layer, with a stable <see cref="Reason"/> code and a message naming what failed.</summary>
public sealed class TrustException : Exception
{
    public TrustException(RejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public TrustException()
        : this(RejectionReason.MalformedEnvelope, "untrusted input")
    {
    }

    public TrustException(string message)
        : this(RejectionReason.MalformedEnvelope, message)
    {
    }

    public TrustException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = RejectionReason.MalformedEnvelope;
    }

    public RejectionReason Reason { get; }
}
