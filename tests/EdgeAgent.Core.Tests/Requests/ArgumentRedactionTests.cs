using System.Text.Json;
using EdgeAgent.Core.Requests;

namespace EdgeAgent.Core.Tests.Requests;

/// <summary>
/// Secrets in command lines and labels, the class of them: flags with the value attached or next,
/// NAME=value, user:password, URL passwords, auth headers, in an argument list or a shell string; and
/// what must stay readable (ordinary flags, paths, ports' neighbours, names).
/// </summary>
public sealed class ArgumentRedactionTests
{
    public static TheoryData<string[], string[]> Arguments() => new()
    {
        { ["mysqld", "--password=hunter2", "--port=3306"], ["mysqld", "--password=<redacted>", "--port=3306"] },
        { ["redis-server", "--requirepass", "hunter2", "--save", "60"], ["redis-server", "--requirepass", "<redacted>", "--save", "60"] },
        { ["mysql", "-u", "root", "-p", "hunter2", "-h", "db"], ["mysql", "-u", "root", "-p", "<redacted>", "-h", "db"] },
        { ["env", "DB_PASSWORD=hunter2", "API_TOKEN=t0k", "TZ=UTC", "run"], ["env", "DB_PASSWORD=<redacted>", "API_TOKEN=<redacted>", "TZ=UTC", "run"] },
        { ["curl", "-u", "admin:hunter2", "http://localhost/health"], ["curl", "-u", "admin:<redacted>", "http://localhost/health"] },
        { ["curl", "--user", "admin:hunter2"], ["curl", "--user", "admin:<redacted>"] },
        { ["app", "--db", "postgres://app:hunter2@db:5432/app"], ["app", "--db", "postgres://app:<redacted>@db:5432/app"] },
        { ["curl", "-H", "Authorization: Bearer eyJhbGciOi", "http://x"], ["curl", "-H", "Authorization: Bearer <redacted>", "http://x"] },
        { ["curl", "-H", "X-Api-Key: k3y", "http://x"], ["curl", "-H", "X-Api-Key: <redacted>", "http://x"] },
        { ["app", "--api-key", "k3y", "--client-secret=s3c", "-secret", "s"], ["app", "--api-key", "<redacted>", "--client-secret=<redacted>", "-secret", "<redacted>"] },
        { ["sh", "-c", "mysqladmin ping -uroot --password=hunter2 && echo ok"], ["sh", "-c", "mysqladmin ping -uroot --password=<redacted> && echo ok"] },
        { ["CMD-SHELL", "curl -fsS -u admin:hunter2 http://localhost:8080/ || exit 1"], ["CMD-SHELL", "curl -fsS -u admin:<redacted> http://localhost:8080/ || exit 1"] },
        { ["sh", "-c", "PASSWORD=hunter2 exec ./run --token t0k"], ["sh", "-c", "PASSWORD=<redacted> exec ./run --token <redacted>"] },
        { ["--password"], ["--password"] },
        // A value attached to -p (MySQL's form) or a user:password attached to -u / --user=.
        { ["CMD", "mysqladmin", "ping", "-uroot", "-phunter2"], ["CMD", "mysqladmin", "ping", "-uroot", "-p<redacted>"] },
        { ["mysql", "-pMyPass1", "-h", "db"], ["mysql", "-p<redacted>", "-h", "db"] },
        { ["mysql", "-p'hunter2'", "app"], ["mysql", "-p<redacted>", "app"] },
        { ["CMD-SHELL", "mysqladmin ping -uroot -phunter2 || exit 1"], ["CMD-SHELL", "mysqladmin ping -uroot -p<redacted> || exit 1"] },
        { ["curl", "-uadmin:hunter2", "http://x"], ["curl", "-uadmin:<redacted>", "http://x"] },
        { ["curl", "--user=admin:hunter2", "http://x"], ["curl", "--user=admin:<redacted>", "http://x"] },
        { ["curl", "-u=admin:hunter2", "http://x"], ["curl", "-u=admin:<redacted>", "http://x"] },
        { ["sh", "-c", "curl --user=admin:hunter2 -fsS http://x"], ["sh", "-c", "curl --user=admin:<redacted> -fsS http://x"] },
        // Single-dash password flags stay flags: their value is the next word.
        { ["app", "-password", "hunter2", "-v"], ["app", "-password", "<redacted>", "-v"] },
        { ["app", "-pwd", "hunter2", "-passwd=hunter3"], ["app", "-pwd", "<redacted>", "-passwd=<redacted>"] },
        { ["app", "-pass-file", "/run/secrets/db"], ["app", "-pass-file", "<redacted>"] },
        { ["nginx", "-g", "daemon off;", "-c", "/etc/nginx/nginx.conf"], ["nginx", "-g", "daemon off;", "-c", "/etc/nginx/nginx.conf"] },
        { ["python", "-m", "http.server", "8080", "--directory", "/srv"], ["python", "-m", "http.server", "8080", "--directory", "/srv"] },
    };

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Secrets_in_arguments_are_redacted_and_the_rest_kept(string[] arguments, string[] expected) =>
        Assert.Equal(expected, ArgumentRedaction.RedactArguments(arguments));

    [Fact]
    public void A_flag_ending_the_entrypoint_has_its_value_in_the_cmd_redacted()
    {
        var inspect = """
            { "Path": "app", "Args": ["--db-password", "s3cr3t"],
              "Config": { "Entrypoint": ["app", "--db-password"], "Cmd": ["s3cr3t", "--port", "80"],
                          "Healthcheck": { "Test": ["CMD", "mysqladmin", "ping", "-uroot", "-phunter2"] } } }
            """u8;

        var redacted = InspectRedaction.Redact(inspect, []);

        Assert.DoesNotContain("s3cr3t", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(redacted);
        var config = document.RootElement.GetProperty("Config");
        Assert.Equal(["app", "--db-password"], config.GetProperty("Entrypoint").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["<redacted>", "--port", "80"], config.GetProperty("Cmd").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("io.example.db-password", "hunter2", "<redacted>")]
    [InlineData("io.example.dsn", "postgres://app:hunter2@db/app", "postgres://app:<redacted>@db/app")]
    [InlineData("io.example.env", "API_TOKEN=t0k", "API_TOKEN=<redacted>")]
    [InlineData("io.edgeagent.app", "nodered", "nodered")]
    [InlineData("org.opencontainers.image.source", "https://github.com/x/y", "https://github.com/x/y")]
    public void A_label_with_a_secret_name_or_a_secret_in_its_value_is_redacted(string name, string value, string expected) =>
        Assert.Equal(expected, ArgumentRedaction.RedactLabel(name, value));

    [Fact]
    public void An_inspect_document_has_no_secret_in_its_command_line_healthcheck_or_labels()
    {
        var inspect = """
            { "Path": "docker-entrypoint.sh", "Args": ["mysqld", "--password=hunter1"],
              "Config": { "Cmd": ["mysqld", "--password=hunter1"], "Entrypoint": ["docker-entrypoint.sh", "-p", "hunter2"],
                          "Healthcheck": { "Test": ["CMD-SHELL", "mysqladmin ping -u root --password=hunter3"], "Interval": 30000000000 },
                          "Labels": { "io.example.db-password": "hunter4", "io.example.dsn": "mysql://root:hunter5@db/x", "io.edgeagent.app": "db" },
                          "Env": ["MYSQL_ROOT_PASSWORD=hunter6"] } }
            """u8;

        var redacted = InspectRedaction.Redact(inspect, ["io.edgeagent.spec-hash"]);

        Assert.DoesNotContain("hunter", redacted, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(redacted);
        var config = document.RootElement.GetProperty("Config");
        Assert.Equal(["mysqld", "--password=<redacted>"], document.RootElement.GetProperty("Args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["docker-entrypoint.sh", "-p", "<redacted>"], config.GetProperty("Entrypoint").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("mysqladmin ping -u root --password=<redacted>", config.GetProperty("Healthcheck").GetProperty("Test")[1].GetString());
        Assert.Equal(30000000000, config.GetProperty("Healthcheck").GetProperty("Interval").GetInt64());
        Assert.Equal("db", config.GetProperty("Labels").GetProperty("io.edgeagent.app").GetString());
        Assert.Equal("docker-entrypoint.sh", document.RootElement.GetProperty("Path").GetString());
    }
}
