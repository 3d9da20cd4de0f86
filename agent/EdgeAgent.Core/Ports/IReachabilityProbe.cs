namespace EdgeAgent.Core.Ports;

/// <summary>Whether the device still reaches what it must not lose: its broker, or configured probe targets.</summary>
public interface IReachabilityProbe
{
    /// <summary>True when at least one target answers.</summary>
    Task<bool> ReachableAsync(CancellationToken cancellationToken);
}
