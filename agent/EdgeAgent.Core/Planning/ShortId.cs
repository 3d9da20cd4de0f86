namespace EdgeAgent.Core.Planning;

internal static class ShortId
{
    public static string Of(string id) => id.Length > 12 ? id[..12] : id;
}
