using System.CommandLine;
using System.Text;
using System.Text.Json;
using EdgeAgent.Core.Manifests;
using EdgeCtl.Compose;

namespace EdgeCtl.Commands;

/// <summary>`edgectl manifest from-compose`: a docker-compose file as an unsigned manifest, checked as a device would parse it.</summary>
internal static class FromComposeCommand
{
    private const int MaxComposeBytes = 1 << 20;

    public static Command Build()
    {
        var fileArgument = new Argument<string>("FILE") { Description = "The docker-compose file (YAML)" };
        var envFileOption = new Option<string?>("--env-file") { Description = "Variables for ${VAR} substitution (KEY=VALUE lines); this shell's environment overrides them, as with compose" };
        var nameOption = new Option<string>("--name") { Description = "The manifest's name", Required = true };
        var versionOption = new Option<long>("--version") { Description = "The manifest's version (higher than the one the devices have)", Required = true };
        var deviceOption = new Option<string[]>("--device") { Description = "Target device(s)", AllowMultipleArgumentsPerToken = true };
        var groupOption = new Option<string[]>("--group") { Description = "Target group(s)", AllowMultipleArgumentsPerToken = true };
        var bindRootOption = new Option<string?>("--bind-root") { Description = "Directory on the device under which relative binds (./data) are placed" };
        var expiresOption = new Option<string>("--expires") { Description = "How long the manifest is valid, such as 90d", DefaultValueFactory = _ => "90d" };
        var outOption = new Option<string>("--out") { Description = "Manifest (JSON) to write; sign it with edgectl manifest sign", Required = true };
        var command = new Command("from-compose", "Convert a docker-compose file into a manifest (exit 2 naming each line that cannot be converted)")
        {
            fileArgument, envFileOption, nameOption, versionOption, deviceOption, groupOption, bindRootOption, expiresOption, outOption,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(fileArgument)!;
            var bindRoot = parse.GetValue(bindRootOption);
            if (bindRoot is not null && !bindRoot.StartsWith('/'))
            {
                throw CliException.Usage($"--bind-root {bindRoot}: must be an absolute path on the device");
            }

            var now = DateTimeOffset.UtcNow;
            var options = new ComposeOptions
            {
                Name = parse.GetValue(nameOption)!,
                Version = parse.GetValue(versionOption),
                Devices = parse.GetValue(deviceOption) ?? [],
                Groups = parse.GetValue(groupOption) ?? [],
                BindRoot = bindRoot,
                IssuedAt = now,
                ExpiresAt = now + Durations.Parse(parse.GetValue(expiresOption)!, "--expires"),
                Variables = Variables(parse.GetValue(envFileOption)),
                Directory = Path.GetDirectoryName(Path.GetFullPath(file))!,
            };
            if (options.Devices.Count == 0 && options.Groups.Count == 0)
            {
                throw CliException.Usage("name the target: --device ID and/or --group G");
            }

            var yaml = Encoding.UTF8.GetString(InputFiles.Read(file, MaxComposeBytes));
            var (manifest, warnings) = Convert(file, options, yaml);
            foreach (var warning in warnings)
            {
                Console.Error.WriteLine($"edgectl: warning: {file}: {warning}");
            }

            var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            try
            {
                ManifestParser.Parse(bytes); // what a device will parse: refused here, not on the fleet
            }
            catch (ManifestException ex)
            {
                throw CliException.Usage($"{file}: the converted manifest is not valid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", ex.Errors));
            }

            KeyFiles.WriteOutput(parse.GetValue(outOption)!, bytes);
            Console.WriteLine($"wrote {options.Name} v{options.Version}: {((System.Text.Json.Nodes.JsonObject)manifest["spec"]!["apps"]!).Count} app(s){(warnings.Count > 0 ? $", {warnings.Count} warning(s)" : "")}");
            return 0;
        });
        return command;
    }

    private static (System.Text.Json.Nodes.JsonObject, IReadOnlyList<ComposeProblem>) Convert(string file, ComposeOptions options, string yaml)
    {
        try
        {
            return new ComposeConverter(options).Convert(yaml);
        }
        catch (ComposeException ex)
        {
            throw CliException.Usage($"{file}: cannot be converted:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", ex.Problems));
        }
    }

    /// <summary>The env file's KEY=VALUE lines, overridden by this process's environment.</summary>
    private static Dictionary<string, string> Variables(string? envFile)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (envFile is not null)
        {
            foreach (var (key, value) in EnvFile.Parse(Encoding.UTF8.GetString(InputFiles.Read(envFile, MaxComposeBytes))))
            {
                values[key] = value;
            }
        }

        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            values[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return values;
    }
}
