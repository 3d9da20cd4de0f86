using System.Globalization;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// The new agent's probation (stateDir/agent/probation), written by the agent that swapped it in
/// (state staged), marked started by the guard when systemd starts it, removed when it passed or
/// was rolled back.
/// </summary>
internal sealed class ProbationTicket(string version, string from, string target, string previous, int seconds, string attempt, string state)
{
    public const string Staged = "staged";
    public const string Started = "started";

    public string Version { get; } = version;
    public string From { get; } = from;
    public string Target { get; } = target;
    public string Previous { get; } = previous;
    public int Seconds { get; } = seconds;
    public string Attempt { get; } = attempt;
    public string State { get; } = state;

    public static ProbationTicket? Read(string path)
    {
        if (KeyValueFile.Read(path) is not { } pairs)
        {
            return null;
        }

        string Field(string key) => pairs.TryGetValue(key, out var value) ? value : "";
        return new ProbationTicket(
            Field("version"),
            Field("from"),
            Field("target"),
            Field("previous"),
            int.TryParse(Field("seconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0,
            Field("attempt"),
            Field("state"));
    }

    public void Write(string path) => KeyValueFile.Write(path,
    [
        new("version", Version),
        new("from", From),
        new("target", Target),
        new("previous", Previous),
        new("seconds", Seconds.ToString(CultureInfo.InvariantCulture)),
        new("attempt", Attempt),
        new("state", State),
    ]);
}
