namespace EdgeAgent.Core.Manifests;

/// <summary>Apps: image, ports, mounts, networks, dependencies, restart and health.</summary>
public static partial class ManifestValidator
{
    private static void ValidateApps(ManifestSpec spec, Action<string, string> error)
    {
        var hostPorts = new Dictionary<(string Ip, int Port, string Protocol), string>();
        foreach (var (name, app) in spec.Apps)
        {
            var path = $"$.spec.apps.{name}";
            if (!AppNamePattern().IsMatch(name))
            {
                error(path, AppNameRule);
            }

            if (!ImageReference.IsValid(app.Image))
            {
                error(path + ".image", $"{TextRules.Quote(app.Image)} is not a valid image reference");
            }

            foreach (var (key, value) in app.Env)
            {
                if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || TextRules.HasControl(key))
                {
                    error($"{path}.env", $"{TextRules.Quote(key)} is not a valid variable name");
                }
                else if (value.Contains('\0', StringComparison.Ordinal))
                {
                    error($"{path}.env.{key}", "must not contain a NUL character");
                }
            }

            TextRules.RefuseNul(app.Command, path + ".command", error);
            TextRules.RefuseNul(app.Entrypoint, path + ".entrypoint", error);
            TextRules.RefuseNul(app.Healthcheck?.Test ?? [], path + ".healthcheck.test", error);

            for (var i = 0; i < app.Ports.Count; i++)
            {
                var port = app.Ports[i];
                var portPath = $"{path}.ports[{i}]";
                if (port.Host is < 1 or > 65535)
                {
                    error(portPath + ".host", "must be between 1 and 65535");
                }

                if (port.Container is < 1 or > 65535)
                {
                    error(portPath + ".container", "must be between 1 and 65535");
                }

                if (!Protocols.Contains(port.Protocol))
                {
                    error(portPath + ".protocol", "must be tcp, udp or sctp");
                }

                if (port.HostIp is not null && !TextRules.TryParseIp(port.HostIp, out _))
                {
                    error(portPath + ".hostIp", $"\"{port.HostIp}\" is not an IP address");
                }

                var key = (port.HostIp ?? "*", port.Host, port.Protocol);
                if (!hostPorts.TryAdd(key, name))
                {
                    error(portPath + ".host", $"host port {port.Host}/{port.Protocol} is already published by app \"{hostPorts[key]}\"");
                }
            }

            for (var i = 0; i < app.Volumes.Count; i++)
            {
                var volume = app.Volumes[i];
                if (!VolumeNamePattern().IsMatch(volume.Name))
                {
                    error($"{path}.volumes[{i}].name", "must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
                }

                ValidateAbsolutePath(volume.Target, $"{path}.volumes[{i}].target", error);
            }

            for (var i = 0; i < app.Binds.Count; i++)
            {
                ValidateAbsolutePath(app.Binds[i].Source, $"{path}.binds[{i}].source", error);
                ValidateAbsolutePath(app.Binds[i].Target, $"{path}.binds[{i}].target", error);
            }

            for (var i = 0; i < app.Networks.Count; i++)
            {
                if (!spec.Networks.ContainsKey(app.Networks[i]))
                {
                    error($"{path}.networks[{i}]", $"unknown network \"{app.Networks[i]}\": define it in spec.networks");
                }
            }

            if (app.Networks.Count != app.Networks.Distinct(StringComparer.Ordinal).Count())
            {
                error(path + ".networks", "lists a network twice");
            }

            for (var i = 0; i < app.DependsOn.Count; i++)
            {
                var dependency = app.DependsOn[i];
                if (dependency == name)
                {
                    error($"{path}.dependsOn[{i}]", "an app cannot depend on itself");
                }
                else if (!spec.Apps.ContainsKey(dependency))
                {
                    error($"{path}.dependsOn[{i}]", $"unknown app \"{dependency}\"");
                }
            }

            if (app.StopGracePeriodSeconds is < 0 or > 3600)
            {
                error(path + ".stopGracePeriodSeconds", "must be between 0 and 3600");
            }

            ValidateHealthcheck(app.Healthcheck, path + ".healthcheck", error);
            ValidateResources(app.Resources, path + ".resources", error);
            ValidateSecurity(app.Security, path + ".security", error);

            if (app.Update.Strategy is not (UpdateSpec.StopFirst or UpdateSpec.StartFirst))
            {
                error(path + ".update.strategy", $"must be \"{UpdateSpec.StopFirst}\" or \"{UpdateSpec.StartFirst}\"");
            }
            else if (app.Update.Strategy == UpdateSpec.StartFirst && app.Ports.Count > 0)
            {
                // Both versions run at once during a start-first update; a host port can be bound by one only.
                error(path + ".update.strategy", $"\"{UpdateSpec.StartFirst}\" cannot be used by an app that publishes host ports (both versions would need port {app.Ports[0].Host}); use \"{UpdateSpec.StopFirst}\"");
            }

            if (app.Update.ProbationSeconds is < 0 or > MaxProbationSeconds)
            {
                error(path + ".update.probationSeconds", $"must be between 0 and {MaxProbationSeconds} (one day)");
            }

            ValidateLogs(app.Logs, path + ".logs", error);
            ValidateNameResolution(app, path, error);
        }

        if (DependencyGraph.FindCycle(spec.Apps.ToDictionary(a => a.Key, a => a.Value.DependsOn)) is { } cycle)
        {
            error($"$.spec.apps.{cycle[0]}.dependsOn", "dependency cycle: " + string.Join(" -> ", cycle));
        }
    }

    private static void ValidateHealthcheck(HealthcheckSpec? healthcheck, string path, Action<string, string> error)
    {
        if (healthcheck is null)
        {
            return;
        }

        if (healthcheck.Test.Count == 0 || !HealthcheckKinds.Contains(healthcheck.Test[0]))
        {
            error(path + ".test", "must start with \"CMD\", \"CMD-SHELL\" or \"NONE\"");
        }
        else if (healthcheck.Test[0] != "NONE" && healthcheck.Test.Count < 2)
        {
            error(path + ".test", "needs a command after " + healthcheck.Test[0]);
        }

        if (healthcheck.IntervalSeconds < 1)
        {
            error(path + ".intervalSeconds", "must be 1 or greater");
        }

        if (healthcheck.TimeoutSeconds < 1)
        {
            error(path + ".timeoutSeconds", "must be 1 or greater");
        }

        if (healthcheck.Retries < 0)
        {
            error(path + ".retries", "must not be negative");
        }

        if (healthcheck.StartPeriodSeconds < 0)
        {
            error(path + ".startPeriodSeconds", "must not be negative");
        }
    }
}
