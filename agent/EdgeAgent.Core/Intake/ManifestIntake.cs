using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Intake;

/// <summary>
/// The intake: where every piece of desired state enters the agent (manifests from files and broker
/// topics, roots from the trust topic, the last-known-good at start), as one operation: verify, bind
/// to the stream, merge, admit (<see cref="DesiredStreams"/>), persist, commit. An accepted manifest
/// moves the trust state (floors, clock floor, last-known-good) in one atomic write before it becomes
/// current; a refused one changes nothing. Development-only unsigned files bypass trust and merging.
/// </summary>
public sealed class ManifestIntake(DesiredStreams streams, TrustStore trust, ManifestGate gate, IStateStore state, bool allowUnsigned)
{
    public const string UnsignedDocument = "last-known-good.json";

    private AdmissionResult? unsigned;

    /// <summary>The merged, admitted desired state (null while nothing was ever accepted).</summary>
    public AdmissionResult? Current => unsigned ?? streams.Current;

    public DesiredStreams Streams => streams;

    /// <summary>
    /// Starts from what was accepted before: the signed streams in the trust state, else an unsigned
    /// development manifest. Re-admitted under the current policy; never re-checked for expiry, so an
    /// offline device keeps running its last good state.
    /// </summary>
    public async Task<StreamEvaluation?> RestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            var current = await trust.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (current.Streams.Count > 0)
            {
                return streams.Restore(current);
            }
        }
        catch (TrustException)
        {
            // No usable root yet: only an unsigned development manifest can apply.
        }

        if (await state.ReadAsync(UnsignedDocument, cancellationToken).ConfigureAwait(false) is not { } payload)
        {
            return null;
        }

        var admission = gate.Admit(payload);
        if (admission.Accepted)
        {
            unsigned = admission;
        }

        return FromUnsigned(admission);
    }

    /// <summary>Offers a manifest (DSSE envelope, or with allowUnsigned a bare manifest file) on a stream; persists and commits it when accepted.</summary>
    public async Task<StreamEvaluation> OfferAsync(string stream, byte[] bytes, bool persist, CancellationToken cancellationToken)
    {
        if (streams.IsRolloutStream(stream) && RolloutRelease.IsRelease(bytes))
        {
            return await ReleaseAsync(stream, persist, cancellationToken).ConfigureAwait(false);
        }

        if (bytes.Length > EnvelopeVerifier.MaxEnvelopeBytes)
        {
            return StreamEvaluation.Reject(stream, null, RejectionReason.Oversize, [$"{bytes.Length} bytes, more than the limit of {EnvelopeVerifier.MaxEnvelopeBytes}"]);
        }

        if (!EnvelopeVerifier.LooksLikeEnvelope(bytes))
        {
            if (!allowUnsigned || stream != DesiredStreams.LocalStream)
            {
                return StreamEvaluation.Reject(
                    stream,
                    null,
                    RejectionReason.UnsignedRefused,
                    ["not a signed (DSSE) manifest; sign it with `edgectl manifest sign`, or pass --allow-unsigned (development only, files only)"]);
            }

            var admission = gate.Admit(bytes);
            if (admission.Accepted)
            {
                if (persist)
                {
                    await state.WriteAsync(UnsignedDocument, bytes, cancellationToken).ConfigureAwait(false);
                }

                unsigned = admission;
            }

            return FromUnsigned(admission);
        }

        TrustState current;
        try
        {
            current = await trust.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TrustException ex)
        {
            return StreamEvaluation.Reject(stream, null, ex.Reason, [ex.Message]);
        }

        var evaluation = streams.Offer(current, stream, bytes);
        if (evaluation.Accepted && persist && !evaluation.AlreadyAccepted)
        {
            // One atomic write: the new floor, clock floor and last-known-good move together.
            await trust.SaveAsync(evaluation.NextTrust!, cancellationToken).ConfigureAwait(false);
        }

        if (persist)
        {
            streams.Commit(evaluation, bytes);
            if (evaluation.Accepted)
            {
                unsigned = null;
            }
        }

        return evaluation;
    }

    /// <summary>A release on a rollout topic: the device follows its group's topic again.</summary>
    private async Task<StreamEvaluation> ReleaseAsync(string stream, bool persist, CancellationToken cancellationToken)
    {
        TrustState current;
        try
        {
            current = await trust.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TrustException ex)
        {
            return StreamEvaluation.Reject(stream, null, ex.Reason, [ex.Message]);
        }

        var evaluation = streams.Release(current, stream);
        if (persist && evaluation.Accepted && !evaluation.AlreadyAccepted)
        {
            await trust.SaveAsync(evaluation.NextTrust!, cancellationToken).ConfigureAwait(false);
        }

        if (persist && evaluation.Accepted)
        {
            streams.Commit(evaluation, []);
        }

        return evaluation;
    }

    /// <summary>
    /// A root from the trust topic. When it rotates the trust root, manifests refused earlier are
    /// offered again: one signed with the new keys may have arrived before the root that trusts them.
    /// Returns the root's decision followed by those re-offers.
    /// </summary>
    public async Task<(RootDocument? Rotated, IReadOnlyList<StreamEvaluation> Reoffered)> RotateRootAsync(byte[] published, string source, CancellationToken cancellationToken)
    {
        var root = await trust.RotateFromAsync(published, source, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return (null, []);
        }

        var reoffered = new List<StreamEvaluation>();
        foreach (var (stream, envelope) in streams.Refused)
        {
            reoffered.Add(await OfferAsync(stream, envelope, persist: true, cancellationToken).ConfigureAwait(false));
        }

        return (root, reoffered);
    }

    /// <summary>
    /// Offers again the manifests held back because they were issued ahead of the device's clock
    /// (a device whose clock was set late, e.g. without a real-time clock before NTP). Returns the
    /// ones accepted now; the others stay held, without a new report each pass.
    /// </summary>
    public async Task<IReadOnlyList<StreamEvaluation>> RetryHeldAsync(CancellationToken cancellationToken)
    {
        var accepted = new List<StreamEvaluation>();
        foreach (var (stream, envelope) in streams.HeldForClock)
        {
            var evaluation = await OfferAsync(stream, envelope, persist: true, cancellationToken).ConfigureAwait(false);
            if (evaluation.Accepted)
            {
                accepted.Add(evaluation);
            }
        }

        return accepted;
    }

    private static StreamEvaluation FromUnsigned(AdmissionResult admission) => admission.Accepted
        ? new StreamEvaluation { Stream = DesiredStreams.LocalStream, Version = admission.Manifest!.Metadata.Version, Merged = admission }
        : StreamEvaluation.Reject(DesiredStreams.LocalStream, null, admission.Reason!.Value, admission.Errors);
}
