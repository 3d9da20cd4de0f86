namespace EdgeAgent.Docker;

/// <summary>An IProgress that runs the callback inline (Progress&lt;T&gt; posts to the thread pool and may reorder).</summary>
internal sealed class CallbackProgress<T>(Action<T> callback) : IProgress<T>
{
    public void Report(T value) => callback(value);
}
