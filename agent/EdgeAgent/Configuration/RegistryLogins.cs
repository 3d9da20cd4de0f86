using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeAgent.Configuration;

/// <summary>
/// agent.json's `registries`: logins by registry `HOST[:PORT]`. Its keys are registry names, not
/// configuration keys, so they keep their ':' and are matched without regard to case.
/// </summary>
internal static partial class RegistryLogins
{
    /// <summary>The credentials by lowercase HOST[:PORT]; throws <see cref="ConfigurationException"/> naming the key.</summary>
    public static IReadOnlyDictionary<string, RegistryCredential> From(JsonElement section, string file)
    {
        var result = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        if (section.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationException($"{file}: registries must be an object of \"HOST[:PORT]\": {{ \"username\": ..., \"passwordFile\": ... }}");
        }

        foreach (var property in section.EnumerateObject())
        {
            var (registry, value) = (property.Name, property.Value);
            var at = $"registries.{registry}";
            if (!RegistryPattern().IsMatch(registry))
            {
                throw new ConfigurationException($"{file}: {at}: \"{registry}\" is not a registry HOST[:PORT] (like registry.example:5000)");
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException($"{file}: {at} must be an object with username and passwordFile");
            }

            foreach (var login in value.EnumerateObject())
            {
                if (login.Name is not ("username" or "passwordFile"))
                {
                    throw new ConfigurationException($"{file}: {at}: unknown key '{login.Name}' (username, passwordFile)");
                }
            }

            var username = Text(value, "username", at, file);
            var passwordFile = Text(value, "passwordFile", at, file);
            if (username.Any(char.IsControl) || username.Contains(':', StringComparison.Ordinal))
            {
                throw new ConfigurationException($"{file}: {at}.username must not contain ':' or control characters");
            }

            if (!Path.IsPathFullyQualified(passwordFile) || passwordFile.Any(char.IsControl))
            {
                throw new ConfigurationException($"{file}: {at}.passwordFile \"{passwordFile}\" must be an absolute path");
            }

            var key = registry.ToLowerInvariant();
            if (!result.TryAdd(key, new RegistryCredential(key, username, passwordFile)))
            {
                throw new ConfigurationException($"{file}: Duplicate property '{registry}' encountered during deserialization.");
            }
        }

        return result;
    }

    private static string Text(JsonElement login, string name, string at, string file) =>
        login.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new ConfigurationException($"{file}: {at}.{name} is required (a non-empty string)");

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?\z")]
    private static partial Regex RegistryPattern();
}
