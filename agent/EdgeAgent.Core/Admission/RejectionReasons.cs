using System.Text.Json;

namespace EdgeAgent.Core.Admission;

/// <summary>The wire code of a <see cref="RejectionReason"/>, for messages and logs.</summary>
public static class RejectionReasons
{
    // Read from the enum's own JSON names, so that messages and the wire cannot disagree.
    private static readonly Dictionary<RejectionReason, string> Codes = Enum.GetValues<RejectionReason>()
        .ToDictionary(r => r, r => JsonSerializer.Deserialize<string>(JsonSerializer.SerializeToUtf8Bytes(r, ReasonJsonContext.Default.RejectionReason), ReasonJsonContext.Default.String)!);

    /// <summary>"wrong-target" for <see cref="RejectionReason.WrongTarget"/>.</summary>
    public static string Code(this RejectionReason reason) => Codes[reason];
}
