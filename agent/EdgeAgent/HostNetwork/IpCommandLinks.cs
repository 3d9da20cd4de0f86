using System.Diagnostics;
using System.Text.Json;
using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.HostNetwork;

/// <summary>
/// Interface addresses through iproute2's `ip` (JSON output). Written by hand: no served .NET
/// package does rtnetlink, and `ip` is on every Raspberry Pi OS image.
/// </summary>
internal sealed class IpCommandLinks : IHostLinks
{
    public async Task<IReadOnlyList<string>?> AddressesAsync(string device, CancellationToken cancellationToken)
    {
        var (exit, stdout, _) = await RunAsync(["-j", "addr", "show", "dev", device], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            return null; // "Device does not exist"
        }

        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.EnumerateArray()
            .SelectMany(link => link.TryGetProperty("addr_info", out var info) ? info.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")];
    }

    public async Task<string?> RouteDeviceAsync(string address, CancellationToken cancellationToken)
    {
        var (exit, stdout, _) = await RunAsync(["-j", "route", "get", address], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            return null; // unreachable: no route at all
        }

        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.EnumerateArray().Select(r => r.TryGetProperty("dev", out var dev) ? dev.GetString() : null).FirstOrDefault(d => d is not null);
    }

    public Task AddAddressAsync(string device, string address, CancellationToken cancellationToken) =>
        RunAllAsync([["addr", "replace", address, "dev", device], ["link", "set", device, "up"]], cancellationToken);

    public async Task<HostLink?> LinkAsync(string device, CancellationToken cancellationToken)
    {
        var (exit, stdout, _) = await RunAsync(["-j", "link", "show", "dev", device], cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            return null; // "Device does not exist"
        }

        using var document = JsonDocument.Parse(stdout);
        var link = document.RootElement.EnumerateArray().FirstOrDefault();
        if (link.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var master = link.TryGetProperty("master", out var m) ? m.GetString() : null;
        var up = link.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(f => f.GetString() == "UP");
        return new HostLink(device, master, up);
    }

    public Task SetMasterAsync(string device, string bridge, CancellationToken cancellationToken) =>
        RunAllAsync([["link", "set", device, "master", bridge], ["link", "set", device, "up"]], cancellationToken);

    private static async Task RunAllAsync(string[][] commands, CancellationToken cancellationToken)
    {
        foreach (var args in commands)
        {
            var (exit, _, stderr) = await RunAsync(args, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new StepFailedException(FailureKind.Retryable, $"ip {string.Join(' ', args)}: {stderr.Trim()}");
            }
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StepFailedException(FailureKind.Terminal, "iproute2 (`ip`) is required for interface addresses: " + ex.Message);
        }
    }
}
