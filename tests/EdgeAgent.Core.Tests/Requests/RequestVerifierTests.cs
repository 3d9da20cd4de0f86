using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Requests;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>Operator requests: signed by the requests role, for this device, fresh, answered once.</summary>
public sealed class RequestVerifierTests : IDisposable
{
    private readonly ECDsa rootKey = NewKey(), opKey = NewKey(), requestKey = NewKey();
    private readonly FakeTimeProvider time = new(Now);
    private readonly RootDocument root;
    private readonly RequestVerifier verifier;

    public RequestVerifierTests()
    {
        root = RootDocument.Create(1, [rootKey], 1, [opKey], 1, Now.AddYears(1), [requestKey]);
        verifier = new RequestVerifier("pi-01", time, new ReplayGuard(Now.AddMinutes(-5)));
    }

    private static string Json(string id = "req-00000001", string device = "pi-01", int issuedMinutesAgo = 1, int expiresInMinutes = 9, string logs = """{ "app": "nodered", "sinceSeconds": 600, "tail": 200 }""", string extra = "") => $$"""
        { "apiVersion": "edge/v1", "kind": "Request", "id": "{{id}}", "device": "{{device}}",
          "issuedAt": "{{Now.AddMinutes(-issuedMinutesAgo):O}}", "expiresAt": "{{Now.AddMinutes(expiresInMinutes):O}}",
          "action": "logs", "logs": {{logs}}{{extra}} }
        """;

    private static string Bundle(string logs) => Json(logs: logs).Replace("\"action\": \"logs\"", "\"action\": \"support-bundle\"", StringComparison.Ordinal);

    private static byte[] Sign(string json, ECDsa key, string payloadType = PayloadTypes.Request) =>
        DsseSigner.Serialize(DsseSigner.Sign(payloadType, Encoding.UTF8.GetBytes(json), [key]));

    [Fact]
    public void A_signed_fresh_request_for_this_device_is_accepted_once()
    {
        var envelope = Sign(Json(), requestKey);

        var request = verifier.Verify(root, envelope);

        Assert.Equal(RequestAction.Logs, request.Action);
        Assert.Equal("nodered", request.Logs!.App);
        Assert.Equal(RejectionReason.RequestReplayed, Assert.Throws<TrustException>(() => verifier.Verify(root, envelope)).Reason);
    }

    public static TheoryData<string, RejectionReason> Refused() => new()
    {
        { "another device's", RejectionReason.WrongTarget },
        { "expired", RejectionReason.Expired },
        { "issued ahead of the clock", RejectionReason.IssuedInFuture },
        { "living an hour", RejectionReason.InvalidRequest },
        { "signed by a manifests key", RejectionReason.ThresholdNotMet },
        { "a manifest payload type", RejectionReason.WrongPayloadType },
        { "issued before the agent started", RejectionReason.RequestReplayed },
        { "an unknown field", RejectionReason.InvalidRequest },
        { "an id with a slash", RejectionReason.InvalidRequest },
        { "a tail of zero", RejectionReason.InvalidRequest },
        { "a negative since", RejectionReason.InvalidRequest },
        { "an app that is not a name", RejectionReason.InvalidRequest },
        { "an unknown action", RejectionReason.InvalidRequest },
        { "a support bundle of one app", RejectionReason.InvalidRequest },
        { "a followed support bundle", RejectionReason.InvalidRequest },
        { "garbage", RejectionReason.MalformedEnvelope },
        { "oversized", RejectionReason.Oversize },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_request_is_refused_with_its_reason(string what, RejectionReason reason)
    {
        var envelope = what switch
        {
            "another device's" => Sign(Json(device: "pi-02"), requestKey),
            "expired" => Sign(Json(issuedMinutesAgo: 10, expiresInMinutes: -1), requestKey),
            "issued ahead of the clock" => Sign(Json(issuedMinutesAgo: -10), requestKey),
            "living an hour" => Sign(Json(expiresInMinutes: 59), requestKey),
            "signed by a manifests key" => Sign(Json(), opKey),
            "a manifest payload type" => Sign(Json(), requestKey, PayloadTypes.Manifest),
            "issued before the agent started" => Sign(Json(issuedMinutesAgo: 6, expiresInMinutes: 5), requestKey),
            "an unknown field" => Sign(Json(extra: """, "shell": "rm -rf /" """), requestKey),
            "an id with a slash" => Sign(Json(id: "../../etc/x"), requestKey),
            "a tail of zero" => Sign(Json(logs: """{ "tail": 0 }"""), requestKey),
            "a negative since" => Sign(Json(logs: """{ "sinceSeconds": -1 }"""), requestKey),
            "an app that is not a name" => Sign(Json(logs: """{ "app": "../docker" }"""), requestKey),
            "an unknown action" => Sign(Json().Replace("\"logs\",", "\"shell\",", StringComparison.Ordinal), requestKey),
            "a support bundle of one app" => Sign(Bundle("""{ "app": "nodered" }"""), requestKey),
            "a followed support bundle" => Sign(Bundle("""{ "follow": true }"""), requestKey),
            "garbage" => "{ not json"u8.ToArray(),
            _ => new byte[RequestVerifier.MaxRequestBytes + 1],
        };

        var refused = Assert.Throws<TrustException>(() => verifier.Verify(root, envelope));

        Assert.True(reason == refused.Reason, $"{what}: {refused.Reason} {refused.Message}");
    }

    [Fact]
    public void A_support_bundle_request_with_a_tail_and_since_is_accepted()
    {
        var request = verifier.Verify(root, Sign(Bundle("""{ "sinceSeconds": 3600, "tail": 1000 }"""), requestKey));

        Assert.Equal(RequestAction.SupportBundle, request.Action);
        Assert.Equal(1000, request.Logs!.Tail);
    }

    [Theory]
    [InlineData("""{ "app": "nodered" }""", LogsQuery.DefaultTail)]
    [InlineData("""{ "app": "nodered", "tail": 1 }""", 1)]
    [InlineData("""{ "app": "nodered", "tail": 10000 }""", 10000)]
    public void A_request_without_a_tail_gets_the_default(string logs, int tail) =>
        Assert.Equal(tail, verifier.Verify(root, Sign(Json(logs: logs), requestKey)).Logs!.Tail);

    [Fact]
    public void A_root_without_a_requests_role_refuses_every_request()
    {
        var older = RootDocument.Create(1, [rootKey], 1, [opKey], 1, Now.AddYears(1));

        Assert.Equal(RejectionReason.NoRequestsRole, Assert.Throws<TrustException>(() => verifier.Verify(older, Sign(Json(), requestKey))).Reason);
    }

    [Fact]
    public void A_root_with_a_requests_role_validates_and_a_role_this_agent_does_not_know_is_ignored()
    {
        RootValidator.Parse(DsseSigner.Serialize(root));

        // A newer release's role: taken without refusing the root, and the known roles are exactly as they were (README "Security model").
        var unknown = root with { Roles = new Dictionary<string, RoleDefinition>(root.Roles) { ["shell"] = root.Roles[RootDocument.RequestsRole] } };
        var parsed = RootValidator.Parse(DsseSigner.Serialize(unknown));
        foreach (var known in new[] { RootDocument.RootRole, RootDocument.ManifestsRole, RootDocument.RequestsRole })
        {
            Assert.Equal(root.Role(known).Keyids, parsed.Role(known).Keyids);
            Assert.Equal(root.Role(known).Threshold, parsed.Role(known).Threshold);
        }
    }

    public void Dispose()
    {
        rootKey.Dispose();
        opKey.Dispose();
        requestKey.Dispose();
    }
}
