using System.Text;
using EdgeAgent.Configuration;

namespace EdgeAgent.Tests.State;

/// <summary>
/// agent.json files written by hand and by earlier versions (read through the configuration binder)
/// keep loading to the same values: the loose forms the binder took, and the EDGEAGENT__ overrides.
/// </summary>
public sealed class ConfigurationCompatibilityTests
{
    private static AgentOptions Read(string json, params string[] environment) => AgentFile.Read(
        Encoding.UTF8.GetBytes(json),
        environment.Select(e => KeyValuePair.Create(e[..e.IndexOf('=', StringComparison.Ordinal)], e[(e.IndexOf('=', StringComparison.Ordinal) + 1)..])),
        "agent.json");

    private static string Describe(AgentOptions o) =>
        $"{o.DeviceId}|{(o.Groups is null ? "-" : string.Join(",", o.Groups))}|{o.ResyncSeconds}|{o.AllowUnsigned}|{o.Policy?.RequireDigest}"
        + $"|{(o.Policy?.AllowedBindPrefixes is { } binds ? string.Join(",", binds) : "-")}|{o.Network?.ConfirmSeconds}|{o.Disk?.Reserve}|{o.Broker?.Url}";

    public static TheoryData<string, string, string[], string> Loose() => new()
    {
        { "keys in any case", """{ "DeviceID": "pi-01", "Policy": { "REQUIREDIGEST": false } }""", [], "pi-01|-|||False|-|||" },
        { "numbers and true/false as strings", """{ "resyncSeconds": " +90 ", "allowUnsigned": "True", "network": { "confirmSeconds": "45" } }""", [], "|-|90|True||-|45||" },
        { "a number or true where text belongs", """{ "deviceId": 7, "disk": { "reserve": 1073741824 }, "broker": { "url": true } }""", [], "7|-||||-||1073741824|True" },
        { "null, {} and [] leave a key unset", """{ "deviceId": null, "resyncSeconds": {}, "allowUnsigned": [], "groups": null, "policy": { "allowedBindPrefixes": [] }, "broker": null }""", [], "|-||||-|||" },
        { "\"\" is no number and no list", """{ "resyncSeconds": "", "groups": "" }""", [], "|-||||-|||" },
        { "[] is an empty string", """{ "deviceId": [] }""", [], "|-||||-|||" },
        { "list items as text, null kept for its check", """{ "groups": [5, true, null] }""", [], "|5,True,||||-|||" },
        { "comments and trailing commas", "// device\n{ \"deviceId\": \"pi-01\", /* here */ \"groups\": [\"a\",], }", [], "pi-01|a||||-|||" },
        { "environment over the file", """{ "deviceId": "pi-01", "groups": ["a", "b"] }""", ["EDGEAGENT__deviceId=pi-07", "EDGEAGENT__policy__requireDigest=false", "EDGEAGENT__groups__0=greenhouse"], "pi-07|greenhouse,b|||False|-|||" },
        { "environment keys in any case, ':' as a level", "{}", ["EDGEAGENT__DEVICEID=pi-08", "EDGEAGENT__Policy:RequireDigest=False"], "pi-08|-|||False|-|||" },
        { "environment list items after the file's, in index order", """{ "groups": ["a"] }""", ["EDGEAGENT__groups__7=c", "EDGEAGENT__groups__3=b"], "|a,b,c||||-|||" },
        { "environment list without the file", "{}", ["EDGEAGENT__policy__allowedBindPrefixes__0=/srv/a"], "|-||||/srv/a|||" },
        { "other variables are not read", "{}", ["EDGEAGENT_deviceId=pi-09", "OTHER__deviceId=pi-10"], "|-||||-|||" },
    };

    [Theory]
    [MemberData(nameof(Loose))]
    public void Loose_forms_the_binder_took_read_the_same(string what, string json, string[] environment, string expected) =>
        Assert.True(expected == Describe(Read(json, environment)), $"{what}: {Describe(Read(json, environment))}");

    public static TheoryData<string, string[], string> Refused() => new()
    {
        { """{ "resyncSeconds": "60s" }""", [], "agent.json: resyncSeconds: '60s' is not a whole number" },
        { """{ "Broker": { "RefreshSeconds": 1.5 } }""", [], "agent.json: broker.refreshSeconds: '1.5' is not a whole number" },
        { """{ "policy": { "requireDigest": "yes" } }""", [], "agent.json: policy.requireDigest: 'yes' is not true or false" },
        { """{ "policy": { "allowedCapAdd": "NET_ADMIN" } }""", [], "agent.json: policy.allowedCapAdd must be a JSON array (of names), not \"NET_ADMIN\"" },
        { "{}", ["EDGEAGENT__groups=greenhouse"], "agent.json: groups must be a JSON array (of names), not \"greenhouse\"" },
        { "{}", ["EDGEAGENT__resyncSeconds=abc"], "agent.json: resyncSeconds: 'abc' is not a whole number" },
        { "{}", ["EDGEAGENT__registries__x__username=u"], "agent.json: unknown key(s) 'registries'" },
        { """{ "zeta": 1, "10": 2, "Alpha": 3, "9": 4, "policy": { "x": 1 } }""", [], "agent.json: unknown key(s) '9', '10', 'Alpha', 'zeta'" },
        { """{ "policy": { "x": 1 }, "logs": { "y": 1 } }""", [], "agent.json: unknown key(s) 'x' in policy" },
        { """{ "disk": { "endpoint": "unix:///x" }, "ovsdb": { "reserve": "1Gi", "probes": [] } }""", [], "agent.json: unknown key(s) 'probes', 'reserve' in ovsdb" },
        { """{ "docker": { "confirmSeconds": 3 } }""", [], "agent.json: unknown key(s) 'confirmSeconds' in docker" },
        { """{ "disk": { "Endpoint": "x" } }""", [], "agent.json: unknown key(s) 'Endpoint' in disk" },
        { "{}", ["EDGEAGENT__logs__reserve=1Gi"], "agent.json: unknown key(s) 'reserve' in logs" },
        { """{ "deviceId": "a", "DeviceId": "b" }""", [], "agent.json: Duplicate property 'DeviceId' encountered during deserialization." },
        { """{ "deviceId": { "name": "pi-01" } }""", [], "agent.json: deviceId must be a single value, not an object" },
        { """{ "broker": "mqtts://broker:8883" }""", [], "agent.json: broker must be a JSON object" },
        { "[]", [], "agent.json: Top-level JSON element must be an object. Instead, 'Array' was found." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_is_refused_is_refused_naming_the_key(string json, string[] environment, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigurationException>(() => Read(json, environment)).Message);
}
