namespace EdgeAgent.Core.Abstractions;

/// <summary>Whether the device still reaches what it must not lose: its broker, or configured probe targets.</summary>
public interface IReachabilityProbe
{
    /// <summary>The targets' hosts (IP addresses or names), to check up front which interface reaches them.</summary>
    IReadOnlyList<string> Hosts { get; }

    /// <summary>True when at least one target answers.</summary>
    Task<bool> ReachableAsync(CancellationToken cancellationToken);
}
