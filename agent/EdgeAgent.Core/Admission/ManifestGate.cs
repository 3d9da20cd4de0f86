using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Desired;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Admission;

/// <summary>
/// Everything a manifest must pass before it may change the device: strict parsing, validation,
/// then the device's admission policy. A rejection changes nothing; the caller keeps its previous state.
/// </summary>
public sealed class ManifestGate(PolicyAdmission admission, LogLimits? deviceLogs = null)
{
    public AdmissionResult Admit(ReadOnlySpan<byte> manifestJson)
    {
        Manifest manifest;
        try
        {
            manifest = ManifestParser.Parse(manifestJson);
        }
        catch (ManifestException ex)
        {
            return AdmissionResult.Reject(RejectionReason.InvalidManifest, ex.Errors.Select(e => e.ToString()));
        }

        return Admit(manifest);
    }

    /// <summary>
    /// Policy admission of an already parsed (and, for signed input, verified) manifest; a merged one
    /// names where each app came from (<paramref name="originOf"/>).
    /// </summary>
    public AdmissionResult Admit(Manifest manifest, Func<string, AppOrigin?>? originOf = null)
    {
        var violations = admission.Evaluate(manifest);
        if (violations.Count > 0)
        {
            return AdmissionResult.Reject(RejectionReason.PolicyDenied, violations.Select(v => v.ToString()));
        }

        try
        {
            return AdmissionResult.Admit(manifest, DesiredStateBuilder.Build(admission.WithResolvedBinds(manifest), deviceLogs ?? LogLimits.Default, originOf));
        }
        catch (UnresolvablePathException ex)
        {
            // A symlink changed between the policy check and now: refuse rather than mount something unchecked.
            return AdmissionResult.Reject(RejectionReason.PolicyDenied, [$"a bind source changed while it was admitted: {ex.Message}"]);
        }
    }
}
