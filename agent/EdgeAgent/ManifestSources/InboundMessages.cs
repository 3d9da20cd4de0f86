using System.Buffers;
using System.Collections.Concurrent;
using EdgeAgent.Core.Intake;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.ManifestSources;

/// <summary>
/// Inbound routing: a message on a subscribed topic is kept (only the newest per topic: desired state
/// is level-based) and the reconcile loop is woken; the trust topic is handed out first, so that a
/// root and a manifest signed with its keys apply in one pass. An empty message (a cleared retained
/// topic) is unsigned, so it removes nothing and is ignored; on a rollout topic it sends the device
/// back to its group's topic (README "Rolling out").
/// </summary>
internal sealed partial class InboundMessages(IReadOnlyCollection<string> subscriptions, Action<string> wake, ILogger logger, string? requestsTopic = null, Action<ReadOnlySequence<byte>>? onRequest = null) : IMessageInbox
{
    private readonly ConcurrentDictionary<string, byte[]> latest = new(StringComparer.Ordinal);

    public void Route(string topic, ReadOnlySequence<byte> payload)
    {
        if (topic == requestsTopic)
        {
            // Operator requests are answered one by one, not reconciled: each goes to the request inbox,
            // which answers or refuses every one (empty, too large and busy included).
            onRequest?.Invoke(payload);

            return;
        }

        if (payload.Length == 0 && Topics.RolloutGroupOf(topic) is null)
        {
            LogEmptyIgnored(topic);
        }
        else if (subscriptions.Contains(topic, StringComparer.Ordinal))
        {
            latest[topic] = payload.ToArray();
            wake("message on " + topic);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring an empty message on {Topic}: clearing a retained topic removes nothing from a device")]
    private partial void LogEmptyIgnored(string topic);
}
