using EdgeAgent.Core.Abstractions;

namespace EdgeAgent.Core.Tests.Fakes;

/// <summary>Interfaces in memory: links by name, one route device for every address.</summary>
internal sealed class FakeHostLinks : IHostLinks
{
    public string? RouteDevice { get; init; }
    public Dictionary<string, HostLink> Links { get; } = new(StringComparer.Ordinal);
    public List<(string Device, string Bridge)> MasterCalls { get; } = [];

    /// <summary>Links that exist from the second look on (an interface ovs-vswitchd is still creating).</summary>
    public Dictionary<string, HostLink> Appearing { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>?> AddressesAsync(string device, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>?>([]);

    public Task<string?> RouteDeviceAsync(string address, CancellationToken cancellationToken) => Task.FromResult(RouteDevice);

    public Task AddAddressAsync(string device, string address, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HostLink?> LinkAsync(string device, CancellationToken cancellationToken)
    {
        var link = Links.GetValueOrDefault(device);
        if (link is null && Appearing.Remove(device, out var appearing))
        {
            Links[device] = appearing;
        }

        return Task.FromResult(link);
    }

    public Task SetMasterAsync(string device, string bridge, CancellationToken cancellationToken)
    {
        MasterCalls.Add((device, bridge));
        Links[device] = new HostLink(device, bridge, Up: true);
        return Task.CompletedTask;
    }
}
