using System.Collections;

namespace EdgeAgent.Reporting;

/// <summary>A log scope naming the app a line is about (App=NAME), for providers that record scopes as fields.</summary>
internal sealed class AppScope(string app) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new KeyValuePair<string, object?>("App", app) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "App=" + app;
}
