using System.Text;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>
/// A root with a member this version does not define, at any level (the root, a role, a key): refused as
/// malformed-root naming the member's path and why, from the contract (the records capture unknown members),
/// not from System.Text.Json's message text. Other JSON errors do not get that explanation.
/// </summary>
public sealed class RootUnknownFieldTests
{
    private const string Head = """{"apiVersion":"edge/v1","kind":"Root","version":2,"expiresAt":"2030-01-01T00:00:00Z",""";
    private const string Why = "a field this agent does not know could change what the root trusts";

    [Theory]
    [InlineData(""","delegations":{"roles":[]}""", "", "", "$.delegations")]
    [InlineData(""","zeta":1,"alpha":null""", "", "", "$.alpha")]
    [InlineData("", ""","paths":["edge/v1/groups/*"]""", "", "$.roles.manifests.paths")]
    [InlineData("", "", ",\"scheme\":\"x\"", "$.keys.k1.scheme")]
    [InlineData(""","delegations":{}""", ""","paths":[]""", ",\"scheme\":\"x\"", "$.delegations")]
    public void An_unknown_member_is_refused_naming_its_path(string inRoot, string inRole, string inKey, string path)
    {
        var payload = Encoding.UTF8.GetBytes(
            Head
            + """ "keys":{"k1":{"algorithm":"ecdsa-p256-sha256","publicKey":"AA==" """ + inKey + "}},"
            + """ "roles":{"root":{"keyids":["k1"],"threshold":1},"manifests":{"keyids":["k1"],"threshold":1 """ + inRole + "}}" + inRoot + "}");

        var refused = Assert.Throws<TrustException>(() => RootValidator.Parse(payload));

        Assert.Equal(RejectionReason.MalformedRoot, refused.Reason);
        Assert.Contains($"{path}: {Why}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"edge/v1","kind":"Root","version":"two"}""")]
    [InlineData("""{"apiVersion":"edge/v1","apiVersion":"edge/v1"}""")]
    [InlineData("""[]""")]
    public void Another_json_error_is_refused_without_the_unknown_field_explanation(string payload)
    {
        var refused = Assert.Throws<TrustException>(() => RootValidator.Parse(Encoding.UTF8.GetBytes(payload)));

        Assert.Equal(RejectionReason.MalformedRoot, refused.Reason);
        Assert.DoesNotContain(Why, refused.Message, StringComparison.Ordinal);
    }
}
