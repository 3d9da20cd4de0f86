namespace EdgeAgent.IntegrationTests.Mqtt;

/// <summary>
/// A mosquitto that refuses device pi-01's subscription to <see cref="RefusedTopic"/>, as a NATS
/// cluster refuses a group its authorization lacks (mosquitto 2.0's acl_file grants every
/// subscription and only withholds the messages). Its dynamic-security plugin takes the ACL file's
/// place: everything is allowed but that subscription and, until <see cref="ReleaseDeviceTopicAsync"/>,
/// pi-01 receiving its own desired state, so a retained manifest is withheld behind the device's back.
/// </summary>
public sealed class RefusingMosquittoBroker : MosquittoBroker
{
    public const string RefusedTopic = "edge/v1/groups/refused/desired";

    protected override string Configure(string config)
    {
        File.WriteAllText(FixtureFile("dynamic-security.json"), $$"""
            {
              "defaultACLAccess": { "publishClientSend": true, "publishClientReceive": true, "subscribe": true, "unsubscribe": true },
              "clients": [
                { "username": "pi-01", "roles": [ { "rolename": "pi-01" } ] },
                { "username": "edge-operator", "roles": [ { "rolename": "admin" } ] },
                { "username": "edge-monitor", "roles": [] }
              ],
              "groups": [],
              "roles": [
                { "rolename": "pi-01", "acls": [
                  { "acltype": "subscribePattern", "topic": "{{RefusedTopic}}", "priority": 0, "allow": false },
                  { "acltype": "publishClientReceive", "topic": "edge/v1/devices/pi-01/desired", "priority": 0, "allow": false } ] },
                { "rolename": "admin", "acls": [ { "acltype": "publishClientSend", "topic": "$CONTROL/dynamic-security/#", "priority": 0, "allow": true } ] }
              ]
            }
            """);
        return config.Replace($"acl_file {FixtureFile("edgeagent.acl")}", $"plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so\nplugin_opt_config_file {FixtureFile("dynamic-security.json")}", StringComparison.Ordinal);
    }

    /// <summary>From now on pi-01 may receive its desired state, but is sent nothing until it subscribes again.</summary>
    public async Task ReleaseDeviceTopicAsync()
    {
        await using var admin = await MqttTestClient.ConnectAsync(this, CertFile("edge-operator"), KeyFile("edge-operator"), "edge-operator");
        await admin.PublishAsync(
            "$CONTROL/dynamic-security/v1",
            """{ "commands": [ { "command": "removeRoleACL", "rolename": "pi-01", "acltype": "publishClientReceive", "topic": "edge/v1/devices/pi-01/desired" } ] }""",
            retain: false);
    }
}
