using System.Text.Json;
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

    private HashSet<string> images = new(StringComparer.Ordinal);
    private bool restored;
    private bool dirty;

    public IReadOnlySet<string> Owned => images;

    /// <summary>Reads the references kept by an earlier run, once; a damaged document starts empty (nothing is removed).</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (restored || state is null)
        {
            restored = true;
            return;
        }

        var bytes = await state.ReadAsync(Document, cancellationToken).ConfigureAwait(false);
        restored = true;
        if (bytes is not { Length: > 0 })
        {
            return;
        }

        try
        {
            images = new HashSet<string>(JsonSerializer.Deserialize(bytes, ImageLedgerJsonContext.Default.ListString) ?? [], StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Forgetting means keeping: an image no longer known as ours is never removed.
        }
    }

    /// <summary>Forgets the references that are gone from the device.</summary>
    public void Observe(ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        dirty |= images.RemoveWhere(i => !observed.Images.Contains(i)) > 0;
    }

    /// <summary>Takes ownership of what the executed steps pulled.</summary>
    public void Record(IEnumerable<StepResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results.Where(r => r.Outcome == StepOutcome.Succeeded))
        {
            if (result.Step is PullImageStep pull)
            {
                dirty |= images.Add(pull.Image);
            }
        }
    }

    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        if (state is null || !dirty)
        {
            return;
        }

        try
        {
            await state.WriteAsync(Document, JsonSerializer.SerializeToUtf8Bytes(images.Order(StringComparer.Ordinal).ToList(), ImageLedgerJsonContext.Default.ListString), cancellationToken).ConfigureAwait(false);
            dirty = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next pass writes again; until then a pulled image may be left behind, never a wrong one removed.
        }
    }
}
