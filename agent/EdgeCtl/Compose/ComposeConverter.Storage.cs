using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>Published ports and mounts (named volumes, absolute and relative binds).</summary>
internal sealed partial class ComposeConverter
{
    private const string DefaultBindPrefix = "/srv/edge"; // AdmissionPolicy's default
    private void Ports(YamlNode value, string at, JsonObject app)
    {
        var ports = new JsonArray();
        if (read.Sequence(value, at) is not { } sequence)
        {
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"{at}[{i}]";
            if (node is YamlMappingNode longForm)
            {
                AddPorts(ports, node, path, read.Field(longForm, "host_ip", path), read.Field(longForm, "published", path), read.Field(longForm, "target", path), read.Field(longForm, "protocol", path) ?? "tcp");
                continue;
            }

            if (read.Text(node, path) is not { } text)
            {
                continue;
            }

            var (spec, protocol) = text.LastIndexOf('/') is var slash and > 0 ? (text[..slash], text[(slash + 1)..]) : (text, "tcp");
            string? hostIp = null;
            if (spec.StartsWith('['))
            {
                var close = spec.IndexOf(']', StringComparison.Ordinal);
                hostIp = close > 0 ? spec[1..close] : null;
                spec = close > 0 && close + 1 < spec.Length ? spec[(close + 2)..] : "";
            }

            var parts = spec.Split(':');
            if (parts.Length == 3)
            {
                hostIp = parts[0];
                parts = parts[1..];
            }

            if (parts.Length != 2)
            {
                read.Refuse(node, path, $"'{text}' publishes no fixed host port: write HOST:CONTAINER (the agent does not pick random host ports)");
                continue;
            }

            AddPorts(ports, node, path, hostIp, parts[0], parts[1], protocol);
        }

        app["ports"] = ports;
    }

    private void AddPorts(JsonArray ports, YamlNode node, string path, string? hostIp, string? published, string? target, string protocol)
    {
        if (!TryRange(published, out var hostFrom, out var hostTo) || !TryRange(target, out var containerFrom, out var containerTo) || hostTo - hostFrom != containerTo - containerFrom)
        {
            read.Refuse(node, path, $"'{published}:{target}' is not HOST:CONTAINER with ports (or ranges of the same length); the agent does not pick random host ports");
            return;
        }

        for (var offset = 0; offset <= hostTo - hostFrom; offset++)
        {
            var port = new JsonObject { ["host"] = hostFrom + offset, ["container"] = containerFrom + offset, ["protocol"] = protocol };
            if (!string.IsNullOrEmpty(hostIp) && hostIp is not "0.0.0.0")
            {
                port["hostIp"] = hostIp;
            }

            ports.Add((JsonNode)port);
        }
    }

    private static bool TryRange(string? text, out int from, out int to)
    {
        from = to = 0;
        if (text is null)
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out from) && (to = from) == from
            : int.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out from)
              && int.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out to) && to >= from && to - from < 1000;
    }

    private void Volumes(YamlNode value, string at, JsonObject app)
    {
        var volumes = new JsonArray();
        var binds = new JsonArray();
        if (read.Sequence(value, at) is not { } sequence)
        {
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"{at}[{i}]";
            string? source, target, type = null;
            var readOnly = false;
            if (node is YamlMappingNode longForm)
            {
                (type, source, target) = (read.Field(longForm, "type", path), read.Field(longForm, "source", path), read.Field(longForm, "target", path));
                readOnly = longForm.Children.TryGetValue(new YamlScalarNode("read_only"), out var ro) && read.Flag(ro, $"{path}.read_only") == true;
                if (type is not ("bind" or "volume"))
                {
                    read.Refuse(node, path, $"type {type}: only bind and volume mounts are supported");
                    continue;
                }
            }
            else if (read.Text(node, path) is { } text)
            {
                var parts = text.Split(':');
                (source, target) = parts.Length >= 2 ? (parts[0], parts[1]) : (null, parts[0]);
                readOnly = parts.Length == 3 && parts[2].Split(',').Contains("ro");
            }
            else
            {
                continue;
            }

            if (string.IsNullOrEmpty(source) || target is null)
            {
                read.Refuse(node, path, "an anonymous volume: name it (NAME:/target, with NAME under the top-level volumes:) so that it survives updates");
                continue;
            }

            var isBind = type == "bind" || source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~');
            if (!isBind)
            {
                if (!declaredVolumes.Contains(source))
                {
                    read.Refuse(node, path, $"volume '{source}' is not defined under the top-level volumes:");
                }

                volumes.Add((JsonNode)new JsonObject { ["name"] = source, ["target"] = target, ["readOnly"] = readOnly });
            }
            else if (BindSource(source, node, path) is { } resolved)
            {
                binds.Add((JsonNode)new JsonObject { ["source"] = resolved, ["target"] = target, ["readOnly"] = readOnly });
                if (resolved != DefaultBindPrefix && !resolved.StartsWith(DefaultBindPrefix + "/", StringComparison.Ordinal))
                {
                    read.Warn(node, path, $"bind {resolved} is outside the default policy.allowedBindPrefixes ({DefaultBindPrefix}): admitted only where the device's policy lists a prefix of it");
                }
            }
        }

        if (volumes.Count > 0)
        {
            app["volumes"] = volumes;
        }

        if (binds.Count > 0)
        {
            app["binds"] = binds;
        }
    }

    /// <summary>An absolute source as it is; a relative one rebased under --bind-root and kept below it.</summary>
    private string? BindSource(string source, YamlNode node, string path)
    {
        if (source.StartsWith('/'))
        {
            return source;
        }

        if (source.StartsWith('~') || options.BindRoot is null)
        {
            read.Refuse(node, path, $"relative bind '{source}': give --bind-root DIR (where the stack's files live on the device) or write an absolute path");
            return null;
        }

        var root = Path.TrimEndingDirectorySeparator(options.BindRoot);
        var rebased = Path.GetFullPath(Path.Combine(root, source));
        if (rebased != root && !rebased.StartsWith(root + "/", StringComparison.Ordinal))
        {
            read.Refuse(node, path, $"relative bind '{source}' leaves --bind-root {root}");
            return null;
        }

        return rebased;
    }
}
