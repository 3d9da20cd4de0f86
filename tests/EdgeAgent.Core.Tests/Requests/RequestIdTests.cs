using System.Text;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Requests;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>
/// One request id rule: a request is parsed only with an id the rule accepts, and a refused request's
/// claimed id (the topic level its refusal is answered on) is taken exactly when the same rule accepts it.
/// </summary>
public sealed class RequestIdTests
{
    public static TheoryData<string> Ids() =>
    [
        "req-0001", "abcdefgh", "00000000", "--------", "a-b-c-d-e", new string('a', 64), "req-2026-12-07-0001",
        "req-001", "", new string('a', 65), "Req-0001", "req_0001", "req.0001", "req 0001", "req/0001", "req+0001", "req#0001",
        "req-0001\n", "réq-0001", "req-０001", "req-0001\u200b", "req-0001\u0000", "ＲＥＱ-0001",
    ];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Parse_and_the_claimed_id_of_a_refusal_follow_the_one_rule(string id)
    {
        var valid = IsValidByTheDocumentedRule(id);
        Assert.Equal(valid, RequestParser.IsValidRequestId(id));

        var payload = Encoding.UTF8.GetBytes($$"""
            { "apiVersion": "edge/v1", "kind": "Request", "id": {{System.Text.Json.JsonSerializer.Serialize(id)}}, "device": "pi-01",
              "issuedAt": "{{Now:O}}", "expiresAt": "{{Now.AddMinutes(5):O}}", "action": "logs", "logs": { "tail": 10 } }
            """);
        if (valid)
        {
            Assert.Equal(id, RequestParser.Parse(payload).Id);
        }
        else
        {
            var refusal = Assert.Throws<TrustException>(() => RequestParser.Parse(payload));
            Assert.Equal($"$.id: {RequestParser.RequestIdRule}", refusal.Message);
        }

        using var key = NewKey();
        Assert.Equal(valid ? id : null, RequestParser.ClaimedId(DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Request, payload, [key]))));
    }

    [Fact]
    public void A_null_id_is_not_valid() => Assert.False(RequestParser.IsValidRequestId(null));

    /// <summary>The rule as its refusal states it: 8 to 64 lowercase (ASCII) letters, digits and '-'.</summary>
    private static bool IsValidByTheDocumentedRule(string id) =>
        id.Length is >= 8 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
