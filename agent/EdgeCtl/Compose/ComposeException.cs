namespace EdgeCtl.Compose;

/// <summary>A compose file that cannot become a manifest; every problem found is listed, not only the first.</summary>
internal sealed class ComposeException : Exception
{
    public ComposeException()
        : this([])
    {
    }

    public ComposeException(string message)
        : base(message)
    {
        Problems = [];
    }

    public ComposeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public ComposeException(IReadOnlyList<ComposeProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<ComposeProblem> Problems { get; }
}
