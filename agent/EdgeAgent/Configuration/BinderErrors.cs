using System.Text.RegularExpressions;

namespace EdgeAgent.Configuration;

/// <summary>
/// The configuration binder's errors, said in agent.json's terms: the key as it is written there, not
/// the .NET type and property behind it.
/// </summary>
internal static partial class BinderErrors
{
    public static string Describe(InvalidOperationException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (UnknownKeys().Match(ex.Message) is { Success: true } unknown)
        {
            var section = Section(unknown.Groups["type"].Value);
            return $"unknown key(s) {unknown.Groups["keys"].Value}{(section.Length == 0 ? "" : " in " + section)}";
        }

        if (Conversion().Match(ex.Message) is { Success: true } conversion)
        {
            var key = string.Join('.', conversion.Groups["key"].Value.Split(':').Select(CamelCase));
            var wanted = conversion.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" => "a whole number",
                "System.Boolean" => "true or false",
                var other => "a " + other.Split('.')[^1],
            };
            return $"{key}: '{conversion.Groups["value"].Value}' is not {wanted}";
        }

        return ex.Message;
    }

    /// <summary>PolicyOptions -> policy; AgentOptions (the top level) -> "".</summary>
    private static string Section(string type)
    {
        var name = type.Split('.')[^1].Replace("Options", "", StringComparison.Ordinal);
        return name == "Agent" ? "" : CamelCase(name);
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    [GeneratedRegex(@"properties were not found on the instance of (?<type>[\w.]+): (?<keys>.+)$")]
    private static partial Regex UnknownKeys();

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[\w.]+)'")]
    private static partial Regex Conversion();
}
