namespace EdgeCtl.Compose;

/// <summary>A refusal or a warning about one place in a compose file: its line, its key path, what to do.</summary>
internal sealed record ComposeProblem(int Line, string Path, string Message, bool IsWarning)
{
    public override string ToString() => $"line {Line}: {Path}: {Message}";
}
