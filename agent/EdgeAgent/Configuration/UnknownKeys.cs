using System.Globalization;
using System.Text.Json;

namespace EdgeAgent.Configuration;

/// <summary>
/// Keys agent.json has and the agent does not know, named in one error: the top level first, then
/// each section in the order of <see cref="AgentOptions"/>, each listing its keys in the order earlier
/// versions did (numbers first, by value; then names, ignoring case).
/// </summary>
internal static class UnknownKeys
{
    public static void Refuse(AgentOptions options, string file)
    {
        ArgumentNullException.ThrowIfNull(options);
        Refuse(options.Unknown, "", file);
        Refuse(options.Broker?.Unknown, "broker", file);
        Refuse(options.Docker?.Unknown, "docker", file);
        Refuse(options.Ovsdb?.Unknown, "ovsdb", file);
        Refuse(options.Network?.Unknown, "network", file);
        Refuse(options.Policy?.Unknown, "policy", file);
        Refuse(options.Logs?.Unknown, "logs", file);
        Refuse(options.Disk?.Unknown, "disk", file);
    }

    private static void Refuse(Dictionary<string, JsonElement>? unknown, string section, string file)
    {
        if (unknown is not { Count: > 0 })
        {
            return;
        }

        var keys = string.Join(", ", unknown.Keys.Order(Comparer<string>.Create(CompareKeys)).Select(k => $"'{k}'"));
        throw new ConfigurationException($"{file}: unknown key(s) {keys}{(section.Length == 0 ? "" : " in " + section)}");
    }

    /// <summary>The order of configuration keys: numbers first, by value; then names, ignoring case.</summary>
    public static int CompareKeys(string x, string y)
    {
        var xIsNumber = int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xNumber);
        var yIsNumber = int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yNumber);
        return (xIsNumber, yIsNumber) switch
        {
            (true, true) => xNumber.CompareTo(yNumber),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        };
    }
}
