using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAgent.Core.Abstractions;

/// <summary>
/// The one reading of the agent's own state documents. The store checks the file (a regular file,
/// not a link, under the size cap); this parses it into its type and checks it is whole. A document
/// that fails either is set aside (renamed, kept for inspection) and read as absent: the agent goes
/// on reconciling without it and says so once, instead of failing every pass on the same bytes.
/// </summary>
public static class StateDocuments
{
    /// <summary>
    /// The document as <paramref name="type"/>; null when absent or empty (the agent's own way of
    /// forgetting). <paramref name="complete"/> is false for one that parsed but is not one the agent
    /// wrote (a null where a value belongs); <paramref name="loss"/> says what going on without it costs.
    /// </summary>
    public static async Task<StateDocumentRead<T>> ReadAsync<T>(
        IStateStore state, string name, JsonTypeInfo<T> type, Func<T, bool> complete, string loss, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(complete);
        string problem;
        try
        {
            var bytes = await state.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return new StateDocumentRead<T>(null, null);
            }

            if (bytes.Length == 0)
            {
                return new StateDocumentRead<T>(null, null); // the agent's own way of forgetting (an emptied document)
            }

            var value = JsonSerializer.Deserialize(bytes, type);
            if (value is not null && complete(value))
            {
                return new StateDocumentRead<T>(value, null);
            }

            problem = value is null ? "null instead of a document" : "a value is missing or null";
        }
        catch (JsonException ex)
        {
            problem = "not a document the agent wrote: " + ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
        }

        return new StateDocumentRead<T>(null, await SetAsideAsync(state, name, problem, loss, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<string> SetAsideAsync(IStateStore state, string name, string problem, string loss, CancellationToken cancellationToken)
    {
        try
        {
            var kept = await state.SetAsideAsync(name, cancellationToken).ConfigureAwait(false);
            return $"state document {name} cannot be used ({problem}); set aside as {kept}, going on without it: {loss}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"state document {name} cannot be used ({problem}) nor set aside ({ex.Message}); going on without it: {loss}";
        }
    }
}
