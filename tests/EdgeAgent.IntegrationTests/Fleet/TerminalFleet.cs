using EdgeAgent.IntegrationTests.Mqtt;
using EdgeAgent.IntegrationTests.Rollouts;

namespace EdgeAgent.IntegrationTests.Fleet;

/// <summary>A real mosquitto with certificates for one device per terminal-text corpus case (tt-00...), each reporting hostile text.</summary>
public sealed class TerminalFleet : MosquittoBroker
{
    public static IReadOnlyList<string> Devices => RolloutFleet.DeviceIds("tt", 40);

    protected override IReadOnlyList<string> MoreDevices => Devices;
}
