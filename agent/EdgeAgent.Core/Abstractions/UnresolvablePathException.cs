namespace EdgeAgent.Core.Abstractions;

/// <summary>A host path that cannot be resolved (a symlink loop, too long, unreadable): never admitted.</summary>
public sealed class UnresolvablePathException : Exception
{
    public UnresolvablePathException()
    {
    }

    public UnresolvablePathException(string message)
        : base(message)
    {
    }

    public UnresolvablePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
