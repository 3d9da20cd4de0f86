using System.Text.Json;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>What a support bundle's inspect.json may carry off the device: no environment value, no hash over them.</summary>
public sealed class InspectRedactionTests
{
    private static readonly string[] HashLabel = ["io.edgeagent.spec-hash"];

    public static TheoryData<string, string> Variables() => new()
    {
        { "DB_PASSWORD=hunter2", "DB_PASSWORD=<redacted>" },
        { "TOKEN=a=b=c", "TOKEN=<redacted>" },
        { "EMPTY=", "EMPTY=<redacted>" },
        { "BARE", "BARE" },
        { "=value", "=<redacted>" },
        { "PATH=/usr/bin:/bin", "PATH=<redacted>" },
        { "ÜBER=ß", "ÜBER=<redacted>" },
    };

    [Theory]
    [MemberData(nameof(Variables))]
    public void Every_environment_value_is_redacted_and_its_name_kept(string variable, string expected) =>
        Assert.Equal(expected, InspectRedaction.RedactValue(variable));

    [Fact]
    public void An_inspect_document_keeps_everything_but_env_values_and_the_hash_label()
    {
        var inspect = """
            { "Id": "abc", "Name": "/nodered", "RestartCount": 3,
              "State": { "Status": "restarting", "ExitCode": 1 },
              "Config": { "Image": "node-red:3", "Env": ["DB_PASSWORD=hunter2", "TZ=UTC", "BARE", 42, null],
                          "Labels": { "io.edgeagent.spec-hash": "0123abcd", "io.edgeagent.app": "nodered" } },
              "HostConfig": { "Memory": 268435456 } }
            """u8;

        var redacted = InspectRedaction.Redact(inspect, HashLabel);

        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("0123abcd", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", redacted, StringComparison.Ordinal);
        Assert.Contains("\"DB_PASSWORD=<redacted>\"", redacted, StringComparison.Ordinal); // readable as it stands, not \u003C-escaped
        Assert.Contains('\n', redacted); // indented: one field per line, readable and within a chunk's line limit
        using var document = JsonDocument.Parse(redacted);
        var root = document.RootElement;
        Assert.Equal(["DB_PASSWORD=<redacted>", "TZ=<redacted>", "BARE", "<redacted>", "<redacted>"], root.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("nodered", root.GetProperty("Config").GetProperty("Labels").GetProperty("io.edgeagent.app").GetString());
        Assert.Equal(3, root.GetProperty("RestartCount").GetInt32());
        Assert.Equal(268435456, root.GetProperty("HostConfig").GetProperty("Memory").GetInt64());
    }

    public static TheoryData<string> Shapes() => new()
    {
        """{ "Id": "abc" }""",
        """{ "Config": null }""",
        """{ "Config": { "Env": null, "Labels": null } }""",
        """{ "Config": { "Env": "A=b", "Labels": [] } }""",
        """{ "Config": [] }""",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Documents_without_env_or_labels_pass_through(string inspect)
    {
        var redacted = InspectRedaction.Redact(System.Text.Encoding.UTF8.GetBytes(inspect), HashLabel);

        using var original = JsonDocument.Parse(inspect);
        using var result = JsonDocument.Parse(redacted);
        Assert.Equal(original.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal), result.RootElement.GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{ not json")]
    [InlineData("")]
    public void What_is_not_an_inspect_document_is_refused(string body) =>
        Assert.ThrowsAny<JsonException>(() => InspectRedaction.Redact(System.Text.Encoding.UTF8.GetBytes(body), HashLabel));
}
