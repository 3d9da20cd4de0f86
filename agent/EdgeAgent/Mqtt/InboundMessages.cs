using System.Collections.Concurrent;

namespace EdgeAgent.Mqtt;

/// <summary>
/// The newest payload per topic, waiting for the reconcile loop. Desired state is level-based: an
/// older message on a topic is superseded by a newer one, so only the latest is kept, and the trust
/// topic is handed out first so that a root and a manifest signed with its keys apply in one pass.
/// </summary>
internal sealed class InboundMessages
{
    private readonly ConcurrentDictionary<string, byte[]> latest = new(StringComparer.Ordinal);

    public void Put(string topic, byte[] payload) => latest[topic] = payload;

    public IReadOnlyList<(string Topic, byte[] Payload)> TakeAll(string firstTopic)
    {
        var taken = new List<(string, byte[])>();
        foreach (var topic in latest.Keys.OrderBy(t => t == firstTopic ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal))
        {
            if (latest.TryRemove(topic, out var payload))
            {
                taken.Add((topic, payload));
            }
        }

        return taken;
    }
}
