using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EdgeCtl.Compose;

/// <summary>Resource limits (service level and deploy.resources.limits), healthcheck and logging.</summary>
internal sealed partial class ComposeConverter
{
    private void Limit(string key, YamlNode value, string at, JsonObject resources)
    {
        if (key == "blkio_config")
        {
            if (read.Map(value, at) is { } blkio)
            {
                foreach (var (field, fieldKey, fieldValue) in ComposeReader.Entries(blkio))
                {
                    if (field == "weight")
                    {
                        resources["blkioWeight"] = Number(fieldValue, $"{at}.weight");
                    }
                    else
                    {
                        read.Refuse(fieldKey, $"{at}.{field}", "only blkio_config.weight is supported");
                    }
                }
            }

            return;
        }

        var text = read.Text(value, at);
        if (text is null)
        {
            return;
        }

        switch (key)
        {
            case "mem_limit" or "memswap_limit":
                if (text == "-1" && key == "memswap_limit")
                {
                    read.Refuse(value, at, "unlimited swap is not supported: give a size at least mem_limit");
                }
                else if (ComposeUnits.Bytes(text) is { } bytes)
                {
                    resources[key == "mem_limit" ? "memory" : "memorySwap"] = ComposeUnits.ManifestSize(bytes);
                }
                else
                {
                    read.Refuse(value, at, $"'{text}' is not a size (like 512m, 1g)");
                }

                break;
            case "cpus":
                if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus))
                {
                    resources["cpus"] = cpus;
                }
                else
                {
                    read.Refuse(value, at, $"'{text}' is not a number of CPUs");
                }

                break;
            case "cpu_shares":
                resources["cpuShares"] = Number(value, at);
                break;
            case "cpuset":
                resources["cpusetCpus"] = text;
                break;
            case "pids_limit":
                resources["pidsLimit"] = Number(value, at);
                break;
        }
    }

    private long? Number(YamlNode value, string at)
    {
        var text = read.Text(value, at);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (text is not null)
        {
            read.Refuse(value, at, $"'{text}' is not a whole number");
        }

        return null;
    }

    private void Deploy(YamlNode value, string at, JsonObject resources)
    {
        if (read.Map(value, at) is not { } deploy)
        {
            return;
        }

        foreach (var (key, keyNode, setting) in ComposeReader.Entries(deploy))
        {
            if (key != "resources")
            {
                read.Refuse(keyNode, $"{at}.{key}", key is "replicas" or "placement" or "mode" or "update_config" or "rollback_config" or "endpoint_mode"
                    ? "swarm placement does not apply: the manifest's target (--device, --group) says where the app runs, once per device"
                    : "only deploy.resources.limits is supported; use restart for the restart policy");
                continue;
            }

            if (read.Map(setting, $"{at}.resources") is not { } resourceKinds)
            {
                continue;
            }

            foreach (var (kind, kindKey, limits) in ComposeReader.Entries(resourceKinds))
            {
                if (kind == "reservations")
                {
                    read.Warn(kindKey, $"{at}.resources.reservations", "ignored: the agent sets limits, not reservations");
                    continue;
                }

                if (kind != "limits" || read.Map(limits, $"{at}.resources.limits") is not { } map)
                {
                    read.Refuse(kindKey, $"{at}.resources.{kind}", "only limits (cpus, memory, pids) are supported");
                    continue;
                }

                foreach (var (field, fieldKey, fieldValue) in ComposeReader.Entries(map))
                {
                    var serviceKey = field switch { "cpus" => "cpus", "memory" => "mem_limit", "pids" => "pids_limit", _ => null };
                    if (serviceKey is null)
                    {
                        read.Refuse(fieldKey, $"{at}.resources.limits.{field}", "only cpus, memory and pids are supported");
                    }
                    else
                    {
                        Limit(serviceKey, fieldValue, $"{at}.resources.limits.{field}", resources);
                    }
                }
            }
        }
    }

    private void Healthcheck(YamlNode value, string at, JsonObject app)
    {
        if (read.Map(value, at) is not { } map)
        {
            return;
        }

        var check = new JsonObject();
        foreach (var (key, keyNode, setting) in ComposeReader.Entries(map))
        {
            switch (key)
            {
                case "test" when setting is YamlSequenceNode:
                    check["test"] = new JsonArray([.. read.List(setting, $"{at}.test").Select(t => (JsonNode)t.Text)]);
                    break;
                case "test":
                    check["test"] = new JsonArray("CMD-SHELL", read.Text(setting, $"{at}.test"));
                    break;
                case "disable" when read.Flag(setting, $"{at}.disable") == true:
                    check["test"] = new JsonArray("NONE");
                    break;
                case "disable":
                    break;
                case "interval" or "timeout" or "start_period":
                    var seconds = Duration(setting, $"{at}.{key}");
                    check[key switch { "interval" => "intervalSeconds", "timeout" => "timeoutSeconds", _ => "startPeriodSeconds" }] = key == "start_period" ? seconds : Math.Max(1, seconds ?? 1);
                    break;
                case "retries":
                    check["retries"] = Number(setting, $"{at}.retries");
                    break;
                default:
                    read.Refuse(keyNode, $"{at}.{key}", "not supported (test, interval, timeout, start_period, retries, disable are)");
                    break;
            }
        }

        // Docker's defaults where compose leaves them to Docker (the manifest's own are shorter).
        check.TryAdd("intervalSeconds", 30);
        check.TryAdd("timeoutSeconds", 30);
        check.TryAdd("retries", 3);
        app["healthcheck"] = check;
    }

    private void Logging(YamlNode value, string at, JsonObject app)
    {
        if (read.Map(value, at) is not { } map)
        {
            return;
        }

        var logs = new JsonObject();
        foreach (var (key, keyNode, setting) in ComposeReader.Entries(map))
        {
            if (key == "driver")
            {
                if (read.Text(setting, $"{at}.driver") is { } driver and not "json-file" and not "local")
                {
                    read.Refuse(setting, $"{at}.driver", $"'{driver}': the agent keeps logs with Docker's local files (json-file), capped; other drivers are not supported");
                }
            }
            else if (key == "options" && read.Map(setting, $"{at}.options") is { } opts)
            {
                foreach (var (option, optionKey, optionValue) in ComposeReader.Entries(opts))
                {
                    var text = read.Text(optionValue, $"{at}.options.{option}");
                    if (option == "max-size" && text is not null && ComposeUnits.Bytes(text) is { } bytes)
                    {
                        logs["maxSize"] = ComposeUnits.ManifestSize(bytes);
                    }
                    else if (option == "max-file" && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var files))
                    {
                        logs["maxFiles"] = files;
                    }
                    else if (text is not null)
                    {
                        read.Refuse(optionKey, $"{at}.options.{option}", "only max-size (a size) and max-file (a number) are supported");
                    }
                }
            }
            else if (key != "options")
            {
                read.Refuse(keyNode, $"{at}.{key}", "only driver and options are supported");
            }
        }

        if (logs.Count > 0)
        {
            app["logs"] = logs;
        }
    }
}
