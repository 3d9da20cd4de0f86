using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAgent.Configuration;

/// <summary>
/// agent.json's bytes (and the EDGEAGENT__ environment) into <see cref="AgentOptions"/>: strict JSON
/// syntax (comments and trailing commas allowed: the file is edited by hand on the device), a
/// duplicate key refused in any case, then the source-generated contract. Errors name the file and key.
/// </summary>
internal static class AgentFile
{
    private static readonly JsonDocumentOptions Syntax = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false };
    /// <summary>Read apart by <see cref="RegistryLogins"/>: its keys are registry names, not agent.json keys.</summary>
    private const string RegistriesKey = "registries";

    private static readonly JsonNodeOptions AnyCase = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The options of <paramref name="json"/> (null: no file) with <paramref name="environment"/> laid over.</summary>
    public static AgentOptions Read(byte[]? json, IEnumerable<KeyValuePair<string, string>> environment, string file)
    {
        JsonDocument? document = null;
        try
        {
            document = json is null ? null : JsonDocument.Parse(json, Syntax);
            if (document is { RootElement.ValueKind: not JsonValueKind.Object })
            {
                throw new ConfigurationException($"{file}: Top-level JSON element must be an object. Instead, '{document.RootElement.ValueKind}' was found.");
            }

            if (document is not null)
            {
                RefuseDuplicates(document.RootElement, file);
            }

            var root = document is null ? new JsonObject(AnyCase) : JsonObject.Create(document.RootElement, AnyCase)!;

            EnvironmentOverlay.Apply(root, environment, file);
            root.Remove(RegistriesKey);
            UnknownKeys.Refuse(root, file);
            var options = root.Deserialize(AgentJsonContext.Default.AgentOptions)!;
            options.Registries = document is null ? default : Registries(document.RootElement);
            return options;
        }
        catch (ConfigurationValueException ex)
        {
            throw new ConfigurationException($"{file}: {Key(ex.Path)}{ex.Problem}", ex);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 })
        {
            // After the syntax check, what the contract refuses is a value where a section belongs.
            throw new ConfigurationException($"{file}: {Key(ex.Path)} must be a JSON object", ex);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{file}: {ex.Message}", ex);
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>The file's `registries` (the environment cannot set it), kept beyond the document's life.</summary>
    private static JsonElement Registries(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals(RegistriesKey, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.Clone();
            }
        }

        return default;
    }

    /// <summary>The EDGEAGENT__ variables of this process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment()
    {
        var variables = new Dictionary<string, string>();
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)variable.Key] = (string?)variable.Value ?? "";
        }

        return variables;
    }

    /// <summary>Keys match in any case, so two spellings of one key are a duplicate too (the parser refuses exact ones).</summary>
    private static void RefuseDuplicates(JsonElement element, string file)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                RefuseDuplicates(item, file);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new ConfigurationException($"{file}: Duplicate property '{property.Name}' encountered during deserialization.");
                }

                RefuseDuplicates(property.Value, file);
            }
        }
    }

    /// <summary>"$.broker.RefreshSeconds" -> "broker.refreshSeconds"; "$.groups[1]" -> "groups".</summary>
    private static string Key(string? path)
    {
        var segments = (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('.', segments.Select(s => s.Split('[')[0]).Where(s => s.Length > 0).Select(s => char.ToLowerInvariant(s[0]) + s[1..]));
    }
}
