namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// A mosquitto that refuses device pi-01's subscription to <see cref="RefusedTopic"/> (SUBACK "not
/// authorized"), as a NATS cluster refuses a group its authorization lacks: mosquitto's acl_file
/// grants every subscription and only withholds messages. Its dynamic-security plugin takes the ACL
/// file's place. Until <see cref="ReleaseWithheldAsync"/>, pi-01 is sent nothing on its own desired
/// topic (a retained manifest is withheld at the connect, as a NATS node that has just restarted
/// hands out stale retained state). The release changes only the default access: editing a client
/// or a role would make the plugin disconnect pi-01, and the test needs it to stay connected.
/// </summary>
public sealed class RefusingMosquittoBroker : MosquittoBroker
{
    public const string RefusedTopic = "edge/v1/groups/refused/desired";
    private const string Control = "$CONTROL/dynamic-security/v1";

    protected override string Configure(string config)
    {
        // Receiving falls through to the default (denied) unless a role allows it: pi-01's role allows
        // what it reads but its desired topic, which the default grants after the release.
        File.WriteAllText(FixtureFile("dynamic-security.json"), $$"""
            {
              "defaultACLAccess": { "publishClientSend": true, "publishClientReceive": false, "subscribe": true, "unsubscribe": true },
              "clients": [
                { "username": "pi-01", "roles": [ { "rolename": "device" } ] },
                { "username": "edge-operator", "roles": [ { "rolename": "operator" } ] },
                { "username": "edge-monitor", "roles": [ { "rolename": "operator" } ] }
              ],
              "groups": [],
              "roles": [
                { "rolename": "device", "acls": [
                  { "acltype": "subscribeLiteral", "topic": "{{RefusedTopic}}", "priority": 0, "allow": false },
                  { "acltype": "publishClientReceive", "topic": "edge/v1/trust/root", "priority": 0, "allow": true },
                  { "acltype": "publishClientReceive", "topic": "edge/v1/devices/pi-01/requests", "priority": 0, "allow": true },
                  { "acltype": "publishClientReceive", "topic": "edge/v1/devices/pi-01/rollout/+", "priority": 0, "allow": true } ] },
                { "rolename": "operator", "acls": [
                  { "acltype": "publishClientReceive", "topic": "#", "priority": 0, "allow": true },
                  { "acltype": "publishClientSend", "topic": "{{Control}}", "priority": 0, "allow": true },
                  { "acltype": "subscribeLiteral", "topic": "{{Control}}/response", "priority": 0, "allow": true },
                  { "acltype": "publishClientReceive", "topic": "{{Control}}/response", "priority": 0, "allow": true } ] }
              ]
            }
            """);
        return config.Replace(
            $"acl_file {FixtureFile("edgeagent.acl")}",
            $"plugin {DynamicSecurityPlugin()}\nplugin_opt_config_file {FixtureFile("dynamic-security.json")}",
            StringComparison.Ordinal);
    }

    /// <summary>The plugin the mosquitto package ships, in the multiarch directory of whatever machine runs the tests.</summary>
    private static string DynamicSecurityPlugin() =>
        Directory.EnumerateFiles("/usr/lib", "mosquitto_dynamic_security.so", SearchOption.AllDirectories).FirstOrDefault()
        ?? throw new InvalidOperationException("mosquitto_dynamic_security.so not found under /usr/lib: build/setup.sh installs the mosquitto package that ships it");

    /// <summary>
    /// From now on pi-01 is sent its desired state, but a retained one only when it subscribes again
    /// (setDefaultACLAccess, which kicks no client, unlike a role edit). Returns once the plugin answered.
    /// </summary>
    public async Task ReleaseWithheldAsync()
    {
        await using var admin = await MqttTestClient.ConnectAsync(this, CertFile("edge-operator"), KeyFile("edge-operator"), "edge-operator");
        Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await admin.SubscribeAsync(Control + "/response"));
        await admin.PublishAsync(
            Control,
            """{ "commands": [ { "command": "setDefaultACLAccess", "acls": [ { "acltype": "publishClientReceive", "allow": true } ] } ] }""",
            retain: false);
        await DockerHost.EventuallyAsync(() => Task.FromResult(admin.Received.Any(m => m.Topic == Control + "/response")), TimeSpan.FromSeconds(10), "the dynamic-security plugin answers");
        var answer = admin.Received.First(m => m.Topic == Control + "/response").Payload;
        Assert.True(answer.Contains("\"setDefaultACLAccess\"", StringComparison.Ordinal) && !answer.Contains("\"error\"", StringComparison.Ordinal), answer);
    }
}
