using System.Text;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Admission;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>A root parsed from an unverified payload with a JSON null where a value belongs: refused as malformed-root naming the path, never a crash.</summary>
public sealed class RootNullsTests
{
    private const string Head = """{"apiVersion":"edge/v1","kind":"Root","version":2,"expiresAt":"2030-01-01T00:00:00Z",""";

    [Theory]
    [InlineData("""{"k1":null}""", """{"root":{"keyids":[],"threshold":1}}""", "$.keys.k1")]
    [InlineData("""{}""", """{"root":null,"manifests":{"keyids":[],"threshold":1}}""", "$.roles.root")]
    [InlineData("""{}""", """{"root":{"keyids":[null],"threshold":1},"manifests":{"keyids":[],"threshold":1}}""", "$.roles.root.keyids[0]")]
    [InlineData("""{}""", """{"root":{"keyids":null,"threshold":1}}""", "keyids")]
    [InlineData("""{}""", """{"root":{"keyids":[],"threshold":null}}""", "threshold")]
    [InlineData("""null""", """{}""", "keys")]
    [InlineData("""{}""", """null""", "roles")]
    public void A_null_in_a_root_is_refused_as_malformed_naming_its_path(string keys, string roles, string path)
    {
        var payload = Encoding.UTF8.GetBytes(Head + $"\"keys\":{keys},\"roles\":{roles}}}");

        var refused = Assert.Throws<TrustException>(() => RootValidator.Parse(payload));

        Assert.Equal(RejectionReason.MalformedRoot, refused.Reason);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }
}
