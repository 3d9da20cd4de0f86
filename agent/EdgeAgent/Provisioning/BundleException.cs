namespace EdgeAgent.Provisioning;

/// <summary>A provisioning bundle that cannot be taken; unless <see cref="NothingApplied"/> says otherwise, nothing of it was applied.</summary>
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

    /// <summary>False only when replacing the files failed part-way (the message says which were replaced).</summary>
    public bool NothingApplied { get; init; } = true;
}
