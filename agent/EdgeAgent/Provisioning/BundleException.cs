namespace EdgeAgent.Provisioning;

/// <summary>A provisioning bundle that cannot be taken; nothing of it was applied.</summary>
internal sealed class BundleException : Exception
{
    public BundleException()
    {
    }

    public BundleException(string message)
        : base(message)
    {
    }

    public BundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
