using System.Text;
using EdgeAgent.Shared;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// The small key=value files shared with build/systemd/agent-guard, a POSIX shell script: one pair
/// per line, values without line breaks, replaced atomically (written aside, then renamed over).
/// </summary>
internal static class KeyValueFile
{
    private const int MaxBytes = 16 * 1024;

    public static IReadOnlyDictionary<string, string>? Read(string path)
    {
        string text;
        try
        {
            text = RegularFile.ReadAllText(path, MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // absent, or not something this agent wrote
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs.TryAdd(line[..equals], line[(equals + 1)..]);
            }
        }

        return pairs;
    }

    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            text.Append(key).Append('=').Append(value.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
        }

        var aside = path + ".new";
        File.WriteAllText(aside, text.ToString());
        File.Move(aside, path, overwrite: true);
    }
}
