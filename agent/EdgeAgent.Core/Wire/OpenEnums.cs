namespace EdgeAgent.Core.Wire;

/// <summary>How readers show an open enum's value (<see cref="OpenEnumConverter{T}"/>).</summary>
public static class OpenEnums
{
    /// <summary>The wire code of <paramref name="value"/>: its member's name on the wire, or the unknown code it was read from.</summary>
    public static string Code<T>(T value)
        where T : struct, Enum => OpenEnumConverter<T>.Code(value);

    /// <summary>Whether this version defines <paramref name="value"/> (false for a code read from a newer version).</summary>
    public static bool IsKnown<T>(T value)
        where T : struct, Enum => OpenEnumConverter<T>.IsKnown(value);
}
