using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.Provisioning;

/// <summary>
/// The staged bundle checked as the agent will read it after it is taken, before anything is
/// replaced: its agent.json through the agent's own configuration loading, its root.json as a root a
/// device can start from, and the trust state in the resulting stateDir against that root (as the
/// agent's startup checks do). A bundle the agent would refuse at start is refused now instead.
/// </summary>
internal static class BundleConfigCheck
{
    public const string ConfigFile = "agent.json";
    public const string RootFile = "root.json";

    public static async Task CheckAsync(BundleStaging staging, IReadOnlyList<BundleEntry> entries, string configPath, string configDir, string bundleDir, CancellationToken cancellationToken)
    {
        bool Carries(string name) => entries.Any(e => e.Name == name);
        AgentSettings? settings = null;
        if (Carries(ConfigFile))
        {
            var staged = staging.PathOf(ConfigFile);
            try
            {
                settings = AgentConfiguration.Load(staged);
            }
            catch (ConfigurationException ex)
            {
                throw new BundleException($"{ConfigFile}: {ex.Message.Replace(staged + ": ", "", StringComparison.Ordinal).Replace(staged, ConfigFile, StringComparison.Ordinal)} (the agent would refuse to start with it)", ex);
            }
        }
        else if (File.Exists(configPath))
        {
            try
            {
                settings = AgentConfiguration.Load(configPath);
            }
            catch (ConfigurationException)
            {
                // The device cannot start with its configuration now either; a bundle without one does not change that.
            }
        }

        var bundleRoot = Path.Combine(configDir, RootFile);
        if (Carries(RootFile))
        {
            var root = new TrustStore(new NoStateStore(), new TrustRootFile(staging.PathOf(RootFile)), TimeProvider.System, NullLogger<TrustStore>.Instance);
            try
            {
                root.CheckRootFile();
            }
            catch (TrustException ex)
            {
                throw new BundleException($"{RootFile} is not a root a device can start from: {ex.Message.Replace(staging.PathOf(RootFile), RootFile, StringComparison.Ordinal)}", ex);
            }
        }

        if (settings is null)
        {
            return;
        }

        BundlePaths.CheckSeparate(bundleDir, settings.StateDir, "stateDir");
        var bringsRoot = Carries(RootFile) && Path.GetFullPath(settings.TrustRoot) == bundleRoot;
        var trustRoot = bringsRoot ? staging.PathOf(RootFile) : settings.TrustRoot;
        try
        {
            var store = new TrustStore(new FileStateStore(settings.StateDir, TimeProvider.System), new TrustRootFile(trustRoot), TimeProvider.System, NullLogger<TrustStore>.Instance);
            await (bringsRoot ? store.CheckStoredTakesRootFileAsync(cancellationToken) : store.CheckStoredAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (TrustException ex)
        {
            throw new BundleException(
                $"the trust state in stateDir {settings.StateDir} does not accept the bundle's trust root ({ex.Message.Replace(staging.PathOf(RootFile), RootFile, StringComparison.Ordinal)}): the agent would not start; give the bundle a root that chains from the trusted one, or a new stateDir in {ConfigFile}", ex);
        }
    }
}
