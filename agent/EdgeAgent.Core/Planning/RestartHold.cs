namespace EdgeAgent.Core.Planning;

/// <summary>
/// An app that keeps exiting is not started again before <see cref="Until"/> (crash-loop backoff):
/// it crashed <see cref="Crashes"/> times in a row, the last time with <see cref="LastExitCode"/>.
/// </summary>
public sealed record RestartHold(DateTimeOffset Until, int Crashes, long? LastExitCode)
{
    public override string ToString() =>
        $"crash-looping: exited {Crashes} time(s) in a row (last exit code {LastExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}); started again at {Until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
}
