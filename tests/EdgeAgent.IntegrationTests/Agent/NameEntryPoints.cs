using System.Text;
using EdgeAgent.Configuration;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.IntegrationTests.Agent;

/// <summary>
/// What the device-name tests offer names to: a CA and a trust root made by the real edgectl in a
/// temporary directory (for edgectl's entry points), and the agent's own two, agent.json and a
/// manifest's target, each answering with its refusal or null when it took the name.
/// </summary>
internal sealed class NameEntryPoints : IDisposable
{
    public TempDirectory Temp { get; } = new();

    public async Task CreateCaAndRootAsync()
    {
        Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("ca", "init", "--out", Temp.File("ca"))).ExitCode);
        Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("key", "generate", "--out", Temp.File("root.pem"))).ExitCode);
        Assert.Equal(0, (await AgentProcess.RunEdgeCtlAsync("root", "init", "--root-key", Temp.File("root.pem"), "--manifests-key", Temp.File("root.pem"), "--out", Temp.File("root.json"))).ExitCode);
    }

    /// <summary>The agent's refusal of an agent.json with <paramref name="content"/>, or null.</summary>
    public string? ConfigRefusal(string content)
    {
        try
        {
            AgentConfiguration.Load(Temp.Write("agent.json", content));
            return null;
        }
        catch (ConfigurationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The parser's refusal of a manifest whose metadata.target is <paramref name="target"/> (JSON), or null.</summary>
    public static string? TargetRefusal(string target)
    {
        var manifest = $$"""
            { "apiVersion": "edge/v1", "kind": "Manifest",
              "metadata": { "name": "m", "version": 1, "issuedAt": "2026-11-28T00:00:00Z", "expiresAt": "2036-01-01T00:00:00Z", "target": {{target}} },
              "spec": { "apps": {} } }
            """;
        try
        {
            ManifestParser.Parse(Encoding.UTF8.GetBytes(manifest));
            return null;
        }
        catch (ManifestException ex)
        {
            return ex.Message;
        }
    }

    public void Dispose() => Temp.Dispose();
}
