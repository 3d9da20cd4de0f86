namespace EdgeCtl;

/// <summary>A failure reported to the operator: exit code 1 (failed/invalid) or 2 (usage/unreadable input).</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(2, message);

    public static CliException Failed(string message) => new(1, message);
}
