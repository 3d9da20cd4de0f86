using EdgeAgent.Configuration;
using EdgeAgent.Core.Intake;
using EdgeAgent.State;
using EdgeAgent.Trust;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.Commands;

/// <summary>
/// What must hold before the agent starts, checked once so that a broken device says so in one
/// line (exit 2) instead of failing every pass: stateDir usable, and the trust state in it intact.
/// </summary>
internal static class StartupChecks
{
    /// <summary>The problem, or null. <paramref name="createStateDir"/>: create stateDir now (not for a dry run).</summary>
    public static async Task<string?> ProblemAsync(AgentSettings options, bool createStateDir, CancellationToken cancellationToken)
    {
        if (createStateDir)
        {
            try
            {
                Directory.CreateDirectory(options.StateDir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"stateDir: cannot create {options.StateDir}: {ex.Message}";
            }
        }

        try
        {
            await new TrustStore(new FileStateStore(options.StateDir, TimeProvider.System), new TrustRootFile(options.TrustRoot), TimeProvider.System, NullLogger<TrustStore>.Instance)
                .CheckStoredAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TrustException ex)
        {
            return $"{ex.Message}. The device cannot tell what it trusted: restore the file, or move it away to trust trustRoot again (this forgets the version and clock floors)";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"stateDir: cannot read {ex.Message}";
        }
    }
}
