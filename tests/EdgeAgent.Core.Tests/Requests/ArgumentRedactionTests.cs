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

    /// <summary>
    /// Every form README "Support bundle" lists, each secret word in each spelling (any case; `-`, `_`,
    /// `.` or nothing between words; glued to a longer word's end, camelCase), and words that only
    /// contain a secret word's letters or single-dash flags starting with p, u that must stay.
    /// </summary>
    public static TheoryData<string[], string[]> WholeWords() => new()
    {
        // Redacted: the value of --NAME=value, -NAME=value and NAME=value for every secret word.
        { ["app", "--db-password=a", "--passwd=b", "--passphrase=c", "--pwd=d", "--pass=e"], ["app", "--db-password=<redacted>", "--passwd=<redacted>", "--passphrase=<redacted>", "--pwd=<redacted>", "--pass=<redacted>"] },
        { ["app", "--client-secret=a", "--clientSecret=b", "--secrets=c", "--token=d", "--authToken=e", "--auth=f"], ["app", "--client-secret=<redacted>", "--clientSecret=<redacted>", "--secrets=<redacted>", "--token=<redacted>", "--authToken=<redacted>", "--auth=<redacted>"] },
        { ["app", "--credentials=a", "--api-key=b", "--api_key=c", "--apikey=d", "--access.key=e", "--private-key=f", "--authorization=g"], ["app", "--credentials=<redacted>", "--api-key=<redacted>", "--api_key=<redacted>", "--apikey=<redacted>", "--access.key=<redacted>", "--private-key=<redacted>", "--authorization=<redacted>"] },
        { ["env", "MYSQL_ROOT_PASSWORD=a", "AWS_SECRET_ACCESS_KEY=b", "apiKey=c", "OAUTH_TOKEN=d", "DBPASSWORD=e", "X_AUTH=f"], ["env", "MYSQL_ROOT_PASSWORD=<redacted>", "AWS_SECRET_ACCESS_KEY=<redacted>", "apiKey=<redacted>", "OAUTH_TOKEN=<redacted>", "DBPASSWORD=<redacted>", "X_AUTH=<redacted>"] },
        { ["app", "-passwd=a", "-secret-key=b"], ["app", "-passwd=<redacted>", "-secret-key=<redacted>"] },
        // Redacted: the argument after --NAME / -NAME and after -p; what is attached to -p.
        { ["redis-server", "--requirepass", "a", "--authToken", "b", "-secret", "c", "-p", "d"], ["redis-server", "--requirepass", "<redacted>", "--authToken", "<redacted>", "-secret", "<redacted>", "-p", "<redacted>"] },
        { ["mysql", "-phunter2", "-proot", "-pMyPass1", "-p'hunter2'", "-p$MYSQL_ROOT_PASSWORD"], ["mysql", "-p<redacted>", "-p<redacted>", "-p<redacted>", "-p<redacted>", "-p<redacted>"] },
        { ["app", "-password", "a", "-passwd", "b", "-pwd", "c", "-pass-file", "d"], ["app", "-password", "<redacted>", "-passwd", "<redacted>", "-pwd", "<redacted>", "-pass-file", "<redacted>"] },
        // Redacted: user:password after or attached to -u / --user; a URL's password; auth headers.
        { ["curl", "-u", "a:b", "--user", "c:d", "-ue:f", "--user=g:h", "-u=i:j"], ["curl", "-u", "a:<redacted>", "--user", "c:<redacted>", "-ue:<redacted>", "--user=g:<redacted>", "-u=i:<redacted>"] },
        { ["app", "--db", "postgres://u:pw@db/x", "-url=http://u:pw@host/"], ["app", "--db", "postgres://u:<redacted>@db/x", "-url=http://u:<redacted>@host/"] },
        { ["curl", "-H", "Authorization: Basic dTpw", "-H", "Api-Key: k", "-H", "X-Api-Key: k"], ["curl", "-H", "Authorization: Basic <redacted>", "-H", "Api-Key: <redacted>", "-H", "X-Api-Key: <redacted>"] },
        // Kept: names that hold a secret word's letters inside another word.
        { ["app", "--authors-file", "AUTHORS", "--tokenizer", "bert", "--passthrough", "/dev/ttyUSB0", "--authority=ca.example"], ["app", "--authors-file", "AUTHORS", "--tokenizer", "bert", "--passthrough", "/dev/ttyUSB0", "--authority=ca.example"] },
        { ["env", "AUTHOR=jane", "TOKENIZER=bert", "PASSTHROUGH=1", "SECRETARY=bob", "authorName=jane"], ["env", "AUTHOR=jane", "TOKENIZER=bert", "PASSTHROUGH=1", "SECRETARY=bob", "authorName=jane"] },
        // Kept: single-dash flags with a value that start with p or u (Go's flag package: -port=5432).
        { ["server", "-port=5432", "-pidfile=/run/app.pid", "-peers=a:1,b:2", "-url=http://example.com:8080/x", "-upload-dir=/srv"], ["server", "-port=5432", "-pidfile=/run/app.pid", "-peers=a:1,b:2", "-url=http://example.com:8080/x", "-upload-dir=/srv"] },
        { ["server", "-profile=true", "--profile", "--port", "5432", "-update"], ["server", "-profile=true", "--profile", "--port", "5432", "-update"] },
    };

    [Theory]
    [MemberData(nameof(WholeWords))]
    public void Secret_words_are_matched_as_whole_words_and_every_documented_form_is_redacted(string[] arguments, string[] expected) =>
        Assert.Equal(expected, ArgumentRedaction.RedactArguments(arguments));

    [Theory]
    [InlineData("org.opencontainers.image.authors", "Jane <jane@example.com>", "Jane <jane@example.com>")]
    [InlineData("com.example.author", "jane", "jane")]
    [InlineData("io.example.tokenizer", "bert", "bert")]
    [InlineData("io.example.passthrough", "on", "on")]
    [InlineData("io.example.port", "-port=5432", "-port=5432")]
    [InlineData("io.example.authToken", "t0k", "<redacted>")]
    [InlineData("io.example.api_key", "k", "<redacted>")]
    [InlineData("io.example.oauth", "k", "<redacted>")]
    [InlineData("io.example.SECRET", "s", "<redacted>")]
    [InlineData("io.example.credentials", "c", "<redacted>")]
    [InlineData("io.example.cmd", "mysql -proot --password x", "mysql -p<redacted> --password <redacted>")]
    public void A_label_is_redacted_by_whole_secret_words(string name, string value, string expected) =>
        Assert.Equal(expected, ArgumentRedaction.RedactLabel(name, value));

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
