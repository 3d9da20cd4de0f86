namespace EdgeAgent.Core.Planning;

/// <summary>One change to the switch. All changes of a pass are applied in one OVSDB transaction.</summary>
public abstract record OvsChange
{
    public abstract string Describe();

    public sealed override string ToString() => Describe();
}
