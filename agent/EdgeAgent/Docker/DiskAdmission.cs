using System.Text.Json;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using Microsoft.Extensions.Logging;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>
/// Before a pull: the bytes to download (the registry manifest's layer sizes, minus layers already
/// present), against the free space of the filesystem holding Docker's data root and the reserve
/// kept on it. A pull that would break the reserve is refused (`disk-reserve`); the running version
/// is not touched. When the registry does not say the sizes, only the reserve itself is checked.
/// </summary>
internal sealed partial class DiskAdmission(DockerEngine docker, RegistryClient registry, DiskReserve reserve, TimeSpan registryTimeout, ILogger logger)
{
    private string? dataRoot;
    private string architecture = "amd64";

    public async Task CheckAsync(string image, ImageReferenceParts parts, RegistryLogin? login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (dataRoot is null)
        {
            var info = await DockerErrors.CallAsync("read Docker's data root", () => docker.InfoAsync(cancellationToken)).ConfigureAwait(false);
            dataRoot = info.DockerRootDir ?? "/var/lib/docker";
            architecture = info.Architecture switch { "x86_64" => "amd64", "aarch64" => "arm64", "armv7l" => "arm", null => "amd64", var other => other };
        }

        long free, total;
        try
        {
            var drive = new DriveInfo(dataRoot);
            (free, total) = (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogUnmeasured(dataRoot, ex.Message); // an engine on another machine: its disk is not ours to measure
            return;
        }

        var download = await DownloadAsync(image, parts, login, cancellationToken).ConfigureAwait(false);
        if (reserve.Refusal(image, download, free, total, dataRoot) is { } refusal)
        {
            throw new StepFailedException(FailureKind.Terminal, refusal);
        }
    }

    private async Task<long> DownloadAsync(string image, ImageReferenceParts parts, RegistryLogin? login, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(registryTimeout); // a registry that does not answer in time would stall the pull too
            var layers = await registry.LayersAsync(parts.Repository, parts.Digest ?? parts.Tag ?? "latest", login, architecture, timeout.Token).ConfigureAwait(false);
            if (layers is null)
            {
                LogSizeUnknown(image, "the registry's manifest lists no layers for this platform");
                return 0;
            }

            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var listed in await docker.ListImagesAsync(cancellationToken).ConfigureAwait(false))
            {
                var inspected = await docker.InspectImageAsync(listed.Id, cancellationToken).ConfigureAwait(false);
                present.UnionWith(inspected.RootFS?.Layers ?? []);
            }

            return layers.Where(l => l.DiffId is null || !present.Contains(l.DiffId)).Sum(l => l.Size);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or DockerEngineException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogSizeUnknown(image, ex.Message); // the pull itself says what is wrong with the registry
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot measure the free space of Docker's data root {DataRoot} ({Reason}): pulls are not checked against disk.reserve")]
    private partial void LogUnmeasured(string dataRoot, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The download size of {Image} is unknown ({Reason}): only the reserve itself is checked")]
    private partial void LogSizeUnknown(string image, string reason);
}
