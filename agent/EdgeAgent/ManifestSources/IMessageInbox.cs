namespace EdgeAgent.ManifestSources;

/// <summary>Desired state and roots received from the fleet, waiting for the reconcile loop.</summary>
internal interface IMessageInbox
{
    /// <summary>Takes the newest payload of every topic, <paramref name="firstTopic"/> first.</summary>
    IReadOnlyList<(string Topic, byte[] Payload)> TakeAll(string firstTopic);
}
