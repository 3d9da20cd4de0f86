using EdgeAgent.Configuration;
using EdgeAgent.Testing;

namespace EdgeAgent.Tests.State;

/// <summary>
/// Bounded fuzzing of agent.json, edited by hand on devices: whatever the bytes, loading ends in
/// settings or a <see cref="ConfigurationException"/> (exit 2 with a line), never anything else.
/// </summary>
public sealed class ConfigurationFuzzTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private string Valid() => $$"""
        { "deviceId": "pi-01", "groups": ["barn"], "stateDir": "{{temp.File("state")}}", "trustRoot": "{{temp.File("root.json")}}",
          "docker": { "endpoint": "unix:///var/run/docker.sock" }, "network": { "probes": ["10.0.0.1:22"], "confirmSeconds": 30 },
          "policy": { "requireDigest": true, "allowedBindPrefixes": ["/srv/edge"] }, "logs": { "maxSize": "10Mi", "maxFiles": 3 },
          "resyncSeconds": 60 }
        """;

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "0", "1e309", "99999999999999999999", "\"\"", "\"\\u0000\"",
        "\"relative/path\"", "\"/dev/zero\"", "\"mqtt://x\"", "\"mqtts://\"", "\"unix://\"", "[[[[", "// comment\n", "/*", "\"1Gi\"", "\"-5Mi\"",
    ];

    private bool Loads(string text)
    {
        var path = temp.Write("agent.json", text);
        try
        {
            AgentConfiguration.Load(path);
        }
        catch (ConfigurationException)
        {
        }

        return true;
    }

    [Fact]
    public void The_valid_configuration_loads()
    {
        Assert.Equal("pi-01", AgentConfiguration.Load(temp.Write("agent.json", Valid())).DeviceId);
    }

    [Fact]
    public void Spliced_fragments_and_flipped_bytes_end_in_settings_or_a_configuration_error()
    {
        var valid = Valid();
        var random = new Random(20261130);
        for (var i = 0; i < 1500; i++)
        {
            var text = valid;
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var at = random.Next(text.Length + 1);
                text = random.Next(3) == 0
                    ? text[..Math.Max(0, at - 1)] + (char)random.Next(0, 256) + text[at..]
                    : text[..at] + Fragments[random.Next(Fragments.Length)] + text[Math.Min(text.Length, at + random.Next(0, 30))..];
            }

            Assert.True(Loads(text), text);
        }
    }

    public void Dispose() => temp.Dispose();
}
