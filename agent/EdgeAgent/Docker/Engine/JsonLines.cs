using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EdgeAgent.Docker.Engine;

/// <summary>The engine's streams of JSON messages (events, pull progress), one per line.</summary>
internal static class JsonLines
{
    /// <summary>A line longer than this is not a message the agent reads: the stream is broken.</summary>
    private const int MaxLineLength = 1024 * 1024;

    public static async IAsyncEnumerable<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > MaxLineLength)
            {
                throw new InvalidDataException($"the engine sent a line of {line.Length} characters in a message stream");
            }

            if (line.Length > 0 && JsonSerializer.Deserialize(line, type) is { } message)
            {
                yield return message;
            }
        }
    }
}
