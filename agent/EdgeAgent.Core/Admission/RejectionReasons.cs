using EdgeAgent.Core.Wire;

namespace EdgeAgent.Core.Admission;

/// <summary>The wire code of a <see cref="RejectionReason"/>, for messages and logs.</summary>
public static class RejectionReasons
{
    /// <summary>"wrong-target" for <see cref="RejectionReason.WrongTarget"/>; a code read from a newer version, as it was read.</summary>
    public static string Code(this RejectionReason reason) => OpenEnums.Code(reason);
}
