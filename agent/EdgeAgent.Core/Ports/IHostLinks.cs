namespace EdgeAgent.Core.Ports;

/// <summary>The host's network interfaces, for the addresses of the agent's internal OVS ports.</summary>
public interface IHostLinks
{
    /// <summary>The interface's addresses as "ip/prefix", or null when no such interface exists (yet).</summary>
    Task<IReadOnlyList<string>?> AddressesAsync(string device, CancellationToken cancellationToken);

    /// <summary>The interface the kernel routes <paramref name="address"/> through, or null when unknown.</summary>
    Task<string?> RouteDeviceAsync(string address, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="address"/> ("ip/prefix") and brings the interface up.</summary>
    Task AddAddressAsync(string device, string address, CancellationToken cancellationToken);
}
