using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAgent.IntegrationTests.Dashboard;

/// <summary>
/// Debian's chromium, headless, driven by its chromedriver over the W3C WebDriver protocol. Written
/// by hand (a few HTTP calls): no WebDriver client is among the project's dependencies.
/// </summary>
internal sealed class WebDriverSession : IAsyncDisposable
{
    private readonly Process driver;
    private readonly HttpClient http;
    private readonly string session;

    private WebDriverSession(Process driver, HttpClient http, string session)
    {
        this.driver = driver;
        this.http = http;
        this.session = session;
    }

    public static async Task<WebDriverSession> StartAsync()
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/usr/bin/chromedriver"))
        {
            throw new InvalidOperationException("chromium and chromedriver are not installed: build/test.sh installs them");
        }

        var port = FreePort();
        var driver = Process.Start(new ProcessStartInfo("/usr/bin/chromedriver", [$"--port={port}"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; ; i++)
        {
            try
            {
                (await http.GetAsync("status")).EnsureSuccessStatusCode();
                break;
            }
            catch (HttpRequestException) when (i < 100)
            {
                await Task.Delay(100);
            }
        }

        var capabilities = JsonNode.Parse("""
            { "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"] } } } }
            """);
        var created = await SendAsync(http, HttpMethod.Post, "session", capabilities);
        return new WebDriverSession(driver, http, created["sessionId"]!.GetValue<string>());
    }

    public Task NavigateAsync(string url) => SendAsync(http, HttpMethod.Post, $"session/{session}/url", new JsonObject { ["url"] = url });

    /// <summary>Runs <paramref name="script"/> (a function body) in the page; returns its result as JSON.</summary>
    public async Task<JsonNode?> RunAsync(string script) =>
        await SendAsync(http, HttpMethod.Post, $"session/{session}/execute/sync", new JsonObject { ["script"] = script, ["args"] = new JsonArray() });

    public async Task<T> RunAsync<T>(string script) => (await RunAsync(script))!.GetValue<T>();

    /// <summary>Polls <paramref name="script"/> until it returns true.</summary>
    public async Task UntilAsync(string script, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await RunAsync(script))?.GetValue<bool>() ?? true)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
            }

            await Task.Delay(200);
        }
    }

    public async Task ScreenshotAsync(string path)
    {
        var png = await SendAsync(http, HttpMethod.Get, $"session/{session}/screenshot", null);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(png!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(http, HttpMethod.Delete, $"session/{session}", null);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            // chromedriver is stopped below anyway.
        }

        http.Dispose();
        if (!driver.HasExited)
        {
            driver.Kill(entireProcessTree: true);
            await driver.WaitForExitAsync();
        }

        driver.Dispose();
    }

    private static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // With a length: chromedriver's server does not read chunked bodies.
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)response.StatusCode} {reply["value"]?.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}");
        }

        return reply["value"];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
