using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using EdgeAgent.Docker.Engine;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.SelfUpdate;
using EdgeAgent.Docker;

namespace EdgeAgent.SelfUpdate;

/// <summary>
/// Brings a release onto the device and proves it before anything is swapped: the release image is
/// pulled by digest like any app's (registry credentials, pull limits, disk reserve), its /edge-agent
/// copied out of a created, never started, container, checked against the SHA-256 the signed manifest
/// pins, and run once with --version, which must print the release's version on this architecture.
/// </summary>
internal sealed class ReleaseStager(DockerEngine docker, DockerContainerRuntime runtime, AgentHome home)
{
    /// <summary>A NativeAOT agent is 12-20 MiB: anything far larger is not one.</summary>
    private const long MaxBinaryBytes = 96L * 1024 * 1024;
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The staged binary's path; throws <see cref="StagingException"/> saying why it is not fit.</summary>
    public async Task<string> StageAsync(AgentUpdateDecision release, CancellationToken cancellationToken)
    {
        var binary = home.ReleaseBinary(release.Version);
        var directory = Path.GetDirectoryName(binary)!;
        Directory.CreateDirectory(directory);
        try
        {
            return await StageAsync(release, binary, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Directory.Delete(directory, recursive: true); // a release that is not fit leaves nothing behind
            throw;
        }
    }

    private async Task<string> StageAsync(AgentUpdateDecision release, string binary, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.PullImageAsync(release.Image, cancellationToken).ConfigureAwait(false);
        }
        catch (StepFailedException ex)
        {
            throw new StagingException($"pulling {release.Image}: {ex.Message}", ex);
        }

        try
        {
            await CopyOutAsync(release, binary, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await runtime.RemoveImageAsync(release.Image, CancellationToken.None).ConfigureAwait(false); // the binary is all it was for
            }
            catch (StepFailedException)
            {
                // in use by something else, or already gone: not this agent's to force
            }
        }

        await CheckVersionAsync(binary, release.Version, cancellationToken).ConfigureAwait(false);
        return binary;
    }

    private async Task CopyOutAsync(AgentUpdateDecision release, string binary, CancellationToken cancellationToken)
    {
        ContainerCreated created;
        try
        {
            created = await docker.CreateContainerAsync(
                null,
                new ContainerCreateRequest { Image = release.Image, Cmd = ["/edge-agent"], Labels = new Dictionary<string, string> { ["io.edgeagent.release-staging"] = release.Version } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException ex)
        {
            throw new StagingException($"creating a container from {release.Image} to copy the binary out: {ex.Message}", ex);
        }

        var aside = binary + ".part";
        var archivePath = binary + ".tar";
        try
        {
            using (var archive = await docker.GetArchiveAsync(created.Id, "/edge-agent", cancellationToken).ConfigureAwait(false))
            await using (var response = await archive.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            {
                // Into a file first: its size is checked while it is written, and the tar is read from disk.
                await SaveAsync(response, archivePath, release.Image, cancellationToken).ConfigureAwait(false);
            }

            await using var tar = new TarReader(File.OpenRead(archivePath));
            var entry = await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                throw new StagingException($"{release.Image} has no regular file /edge-agent");
            }

            string sha;
            await using (var file = new FileStream(aside, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                int read;
                while ((read = await entry.DataStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                file.Flush(flushToDisk: true);
            }

            if (!string.Equals(sha, release.Sha256, StringComparison.Ordinal))
            {
                throw new StagingException($"/edge-agent in {release.Image} has SHA-256 {sha}, not the {release.Sha256} the signed manifest pins: the release was altered or the manifest names the wrong one");
            }

            File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.Move(aside, binary, overwrite: true);
        }
        catch (Exception ex) when (ex is DockerEngineException or InvalidDataException or FormatException)
        {
            throw new StagingException($"copying /edge-agent out of {release.Image}: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(aside);
            File.Delete(archivePath);
            try
            {
                await docker.RemoveContainerAsync(created.Id, force: true, removeVolumes: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DockerEngineException)
            {
                // removed already; a leftover created container holds no resources
            }
        }
    }

    private static async Task SaveAsync(Stream response, string path, string image, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await response.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > MaxBinaryBytes + (1 << 20))
            {
                throw new StagingException($"/edge-agent in {image} is larger than an agent binary can be ({MaxBinaryBytes} bytes)");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The staged binary runs here and is the release it claims to be.</summary>
    private static async Task CheckVersionAsync(string binary, string version, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StagingException($"the staged binary cannot be executed on this device ({AgentHome.Architecture}) to run --version: {ex.Message}", ex);
        }

        using var running = process ?? throw new StagingException("the staged binary did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VersionTimeout);
        var output = running.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = running.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await running.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            running.Kill(entireProcessTree: true);
            throw new StagingException($"the staged binary's --version did not finish within {VersionTimeout.TotalSeconds} s");
        }

        var printed = (await output.ConfigureAwait(false)).Trim();
        if (running.ExitCode != 0)
        {
            throw new StagingException($"the staged binary's --version exited with status {running.ExitCode}: {Clip((await errors.ConfigureAwait(false)).Trim())}");
        }

        if (!ReleaseVersion.TryParse(printed.Split('\n')[0].Trim(), out var reported) || !ReleaseVersion.TryParse(version, out var expected) || reported.CompareTo(expected) != 0)
        {
            throw new StagingException($"the staged binary says it is version '{Clip(printed)}', not {version}");
        }
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
