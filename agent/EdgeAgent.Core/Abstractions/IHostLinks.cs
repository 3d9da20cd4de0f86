namespace EdgeAgent.Core.Abstractions;

/// <summary>The host's network interfaces: addresses of the agent's internal OVS ports, bridges carrying Docker networks.</summary>
public interface IHostLinks
{
    /// <summary>The interface's addresses as "ip/prefix", or null when no such interface exists (yet).</summary>
    Task<IReadOnlyList<string>?> AddressesAsync(string device, CancellationToken cancellationToken);

    /// <summary>The interface the kernel routes <paramref name="address"/> through, or null when unknown.</summary>
    Task<string?> RouteDeviceAsync(string address, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="address"/> ("ip/prefix") and brings the interface up.</summary>
    Task AddAddressAsync(string device, string address, CancellationToken cancellationToken);

    /// <summary>The interface's state, or null when no such interface exists (yet).</summary>
    Task<HostLink?> LinkAsync(string device, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="device"/> a port of the Linux bridge <paramref name="bridge"/> and brings it up.</summary>
    Task SetMasterAsync(string device, string bridge, CancellationToken cancellationToken);
}
