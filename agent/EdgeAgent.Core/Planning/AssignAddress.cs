namespace EdgeAgent.Core.Planning;

/// <summary>An address put on an internal port (not an OVSDB change: the kernel holds addresses).</summary>
public sealed record AssignAddress(string Device, string Address) : OvsChange
{
    public override string Describe() => $"address {Address} on {Device}";
}
