using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeAgent.Configuration;

/// <summary>
/// agent.json's `registries` section, read apart from the configuration binder: its keys are
/// `HOST[:PORT]`, and the binder reads ':' as a level separator. The section is taken out of the
/// JSON the binder sees.
/// </summary>
internal static partial class RegistriesSection
{
    private const string Key = "registries";

    /// <summary>The credentials, and the JSON without the section; throws <see cref="ConfigurationException"/> naming the key.</summary>
    public static (IReadOnlyDictionary<string, RegistryCredential> Registries, byte[] Remaining) Split(byte[] json, string file)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json, new JsonNodeOptions { PropertyNameCaseInsensitive = true }, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false }) as JsonObject;
            _ = root?.Count; // properties are read lazily: a duplicate key throws here, not later
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }

        if (root is null || !root.TryGetPropertyValue(Key, out var section))
        {
            return (new Dictionary<string, RegistryCredential>(), json);
        }

        root.Remove(Key);
        var rest = System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
        if (section is null)
        {
            return (new Dictionary<string, RegistryCredential>(), rest);
        }

        if (section is not JsonObject registries)
        {
            throw new ConfigurationException($"{file}: registries must be an object of \"HOST[:PORT]\": {{ \"username\": ..., \"passwordFile\": ... }}");
        }

        var result = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        foreach (var (registry, value) in registries)
        {
            var at = $"registries.{registry}";
            if (!RegistryPattern().IsMatch(registry))
            {
                throw new ConfigurationException($"{file}: {at}: \"{registry}\" is not a registry HOST[:PORT] (like registry.example:5000)");
            }

            if (value is not JsonObject login)
            {
                throw new ConfigurationException($"{file}: {at} must be an object with username and passwordFile");
            }

            foreach (var (name, _) in login)
            {
                if (name is not ("username" or "passwordFile"))
                {
                    throw new ConfigurationException($"{file}: {at}: unknown key '{name}' (username, passwordFile)");
                }
            }

            var username = Text(login, "username", at, file);
            var passwordFile = Text(login, "passwordFile", at, file);
            if (username.Any(char.IsControl) || username.Contains(':', StringComparison.Ordinal))
            {
                throw new ConfigurationException($"{file}: {at}.username must not contain ':' or control characters");
            }

            if (!Path.IsPathFullyQualified(passwordFile) || passwordFile.Any(char.IsControl))
            {
                throw new ConfigurationException($"{file}: {at}.passwordFile \"{passwordFile}\" must be an absolute path");
            }

            result[registry.ToLowerInvariant()] = new RegistryCredential(registry.ToLowerInvariant(), username, passwordFile);
        }

        return (result, rest);
    }

    private static string Text(JsonObject login, string name, string at, string file) =>
        login[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new ConfigurationException($"{file}: {at}.{name} is required (a non-empty string)");

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?\z")]
    private static partial Regex RegistryPattern();
}
