using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.IntegrationTests.Mqtt;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>
/// What every request test stands on: the real mosquitto with nothing retained from earlier tests, a
/// temporary directory with the request trust (<see cref="RequestTrust"/>), the real agent as pi-01 on
/// that broker, and the real edgectl as the operator. With a <see cref="DockerHost"/>, the engine is
/// reset before and after.
/// </summary>
internal sealed class RequestBed(MosquittoBroker broker, DockerHost? docker = null) : IAsyncDisposable
{
    public TempDirectory Temp { get; } = new();

    public RequestTrust Trust { get; } = new();

    public async Task StartAsync()
    {
        await broker.StartAsync();
        if (docker is not null)
        {
            await docker.ResetAsync();
        }

        await broker.ClearRetainedAsync();
        Trust.WriteTo(Temp);
    }

    /// <summary>agent.json for pi-01 on the broker, trusting the request trust's root.</summary>
    public string AgentConfig() => Temp.AgentConfig(broker: $$"""
        { "url": "mqtts://localhost:{{broker.Port}}", "caFile": "{{broker.CaFile}}", "certFile": "{{broker.CertFile("pi-01")}}", "keyFile": "{{broker.KeyFile("pi-01")}}" }
        """);

    public AgentProcess StartAgent() => AgentProcess.Start(["run", "--config", AgentConfig()]);

    /// <summary>A client of the broker as <paramref name="identity"/> (one of the fixture's certificates).</summary>
    public Task<MqttTestClient> ConnectAsync(string identity) => MqttTestClient.ConnectAsync(broker, broker.CertFile(identity), broker.KeyFile(identity), identity);

    public async Task PublishAsOperatorAsync(string topic, string payload)
    {
        await using var operatorClient = await ConnectAsync("edge-operator");
        await operatorClient.PublishAsync(topic, payload);
    }

    /// <summary><paramref name="args"/> followed by edgectl's connection to the broker as the operator.</summary>
    public string[] OperatorArguments(params string[] args) =>
        [.. args, "--broker", $"mqtts://localhost:{broker.Port}", "--ca", broker.CaFile, "--cert", broker.CertFile("edge-operator"), "--key", broker.KeyFile("edge-operator")];

    /// <summary>`edgectl <paramref name="command"/>` asking pi-01, signed with the requests key, as the operator.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> AskPi01Async(string command, params string[] args) =>
        AgentProcess.RunEdgeCtlAsync(OperatorArguments([command, "--device", "pi-01", "--sign-key", Temp.File("request.pem"), .. args]));

    public async ValueTask DisposeAsync()
    {
        if (docker is not null)
        {
            await docker.ResetAsync();
        }

        Temp.Dispose();
        Trust.Dispose();
    }
}
