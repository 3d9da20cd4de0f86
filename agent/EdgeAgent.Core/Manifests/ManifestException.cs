namespace EdgeAgent.Core.Manifests;

/// <summary>A manifest that cannot be parsed or is invalid. Always carries at least one located error.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(IReadOnlyList<ManifestError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ManifestException(string path, string message)
        : this([new ManifestError(path, message)])
    {
    }

    public ManifestException()
        : this("$", "invalid manifest")
    {
    }

    public ManifestException(string message)
        : this("$", message)
    {
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ManifestError("$", message)];
    }

    public IReadOnlyList<ManifestError> Errors { get; }
}
