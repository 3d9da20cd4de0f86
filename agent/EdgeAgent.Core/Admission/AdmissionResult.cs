using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Admission;

/// <summary>Either an admitted manifest with its desired state, or a rejection with a reason code and located errors.</summary>
public sealed record AdmissionResult
{
    public Manifest? Manifest { get; private init; }
    public DesiredState? Desired { get; private init; }
    public RejectionReason? Reason { get; private init; }
    public IReadOnlyList<string> Errors { get; private init; } = [];

    public bool Accepted => Desired is not null;

    public static AdmissionResult Admit(Manifest manifest, DesiredState desired) => new() { Manifest = manifest, Desired = desired };

    public static AdmissionResult Reject(RejectionReason reason, IEnumerable<string> errors) => new() { Reason = reason, Errors = [.. errors] };

    public override string ToString() =>
        Accepted ? $"accepted {Manifest!.Metadata.Name} v{Manifest.Metadata.Version}" : $"rejected ({Reason?.Code()}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Errors);
}
