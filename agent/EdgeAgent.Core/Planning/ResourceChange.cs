namespace EdgeAgent.Core.Planning;

public enum ResourceChange
{
    /// <summary>Observed limits match the desired ones.</summary>
    None,

    /// <summary>Limits differ and a container update can apply them, keeping the container.</summary>
    InPlace,

    /// <summary>A limit must be removed, which Docker's update cannot do: the container is recreated.</summary>
    Recreate,
}
