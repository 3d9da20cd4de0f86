using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Manifests;

/// <summary>An app's hostname, DNS servers and extra /etc/hosts entries.</summary>
public static partial class ManifestValidator
{
    private const int MaxDnsServers = 8;
    private const int MaxExtraHosts = 64;

    private static void ValidateNameResolution(AppSpec app, string path, Action<string, string> error)
    {
        if (app.Hostname is { } hostname)
        {
            if (!HostnamePattern().IsMatch(hostname))
            {
                error(path + ".hostname", $"{TextRules.Quote(hostname)} is not a hostname: at most 63 characters, labels of letters, digits and '-' separated by '.'");
            }
            else if (app.Security.NetworkMode == "host")
            {
                error(path + ".hostname", "cannot be set with security.networkMode \"host\": the container has the device's hostname");
            }
        }

        if (app.Dns.Count > MaxDnsServers)
        {
            error(path + ".dns", $"at most {MaxDnsServers} servers");
        }

        for (var i = 0; i < app.Dns.Count; i++)
        {
            if (!TextRules.TryParseIp(app.Dns[i], out _))
            {
                error($"{path}.dns[{i}]", $"{TextRules.Quote(app.Dns[i])} is not an IP address");
            }
        }

        if (app.ExtraHosts.Count > MaxExtraHosts)
        {
            error(path + ".extraHosts", $"at most {MaxExtraHosts} entries");
        }

        foreach (var (name, address) in app.ExtraHosts)
        {
            if (!HostnamePattern().IsMatch(name))
            {
                error($"{path}.extraHosts", $"{TextRules.Quote(name)} is not a hostname");
            }
            else if (!TextRules.TryParseIp(address, out _))
            {
                error($"{path}.extraHosts.{name}", $"{TextRules.Quote(address)} is not an IP address");
            }
        }
    }

    [GeneratedRegex(@"^(?=.{1,63}\z)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial Regex HostnamePattern();
}
