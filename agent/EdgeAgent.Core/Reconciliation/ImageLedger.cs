using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Planning;

namespace EdgeAgent.Core.Reconciliation;

/// <summary>
/// The images this agent pulled (stateDir/images.json), so that it removes only its own: an image
/// that was on the device before, or loaded by someone else, is never touched. A reference is
/// forgotten once it is no longer present.
/// </summary>
public sealed class ImageLedger(IStateStore? state = null)
{
    public const string Document = "images.json";

    private readonly PersistedDocument<List<string>> document = new(
        state, Document, ImageLedgerJsonContext.Default.ListString, l => l.All(i => i is not null), "images the agent pulled before are kept, not removed");
    private HashSet<string> images = new(StringComparer.Ordinal);

    public IReadOnlySet<string> Owned => images;

    /// <summary>Reads the references kept by an earlier run, once; an unusable document is set aside and the ledger starts empty (forgetting means keeping). Returns why, then.</summary>
    public async Task<string?> RestoreAsync(CancellationToken cancellationToken)
    {
        var read = await document.RestoreAsync(cancellationToken).ConfigureAwait(false);
        if (read.Value is { } stored)
        {
            images = new HashSet<string>(stored, StringComparer.Ordinal);
        }

        return read.SetAside;
    }

    /// <summary>Forgets the references that are gone from the device.</summary>
    public void Observe(ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (images.RemoveWhere(i => !observed.Images.Contains(i)) > 0)
        {
            document.Changed();
        }
    }

    /// <summary>Takes ownership of what the executed steps pulled.</summary>
    public void Record(IEnumerable<StepResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results.Where(r => r.Outcome == StepOutcome.Succeeded))
        {
            if (result.Step is PullImageStep pull && images.Add(pull.Image))
            {
                document.Changed();
            }
        }
    }

    public Task PersistAsync(CancellationToken cancellationToken) => document.PersistAsync([.. images.Order(StringComparer.Ordinal)], cancellationToken);
}
