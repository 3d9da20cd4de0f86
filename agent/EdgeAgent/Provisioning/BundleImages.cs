using System.Security.Cryptography;
using EdgeAgent.Docker.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeAgent.Provisioning;

/// <summary>
/// Loads the images of a taken bundle into Docker, so that its bootstrap manifest converges with no
/// registry. Pending until loaded: a Docker engine not up yet is tried again at the next start.
/// </summary>
internal sealed partial class BundleImages(string bundleDir, string configDir, DockerEngine docker, ILogger logger)
{
    /// <summary>True when images were loaded now.</summary>
    public async Task<bool> LoadPendingAsync(CancellationToken cancellationToken)
    {
        var record = Path.Combine(configDir, BootBundle.PendingImagesRecord);
        if (!File.Exists(record))
        {
            return false;
        }

        var expected = (await File.ReadAllTextAsync(record, cancellationToken).ConfigureAwait(false)).Trim();
        var tar = Path.Combine(bundleDir, BootBundle.Images);
        try
        {
            await using var stream = new FileStream(tar, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)) != expected)
            {
                File.Delete(record);
                LogImagesChanged(tar);
                return false;
            }

            stream.Position = 0;
            await docker.LoadImagesAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            File.Delete(record);
            LogImagesChanged(tar);
            return false;
        }
        catch (Exception ex) when (ex is DockerEngineException or HttpRequestException or IOException or TimeoutException)
        {
            LogLoadFailed(tar, ex.Message);
            return false;
        }

        File.Delete(record);
        LogLoaded(tar);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the provisioning bundle's images from {Path}")]
    private partial void LogLoaded(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot load the provisioning bundle's images from {Path} ({Error}); trying again at the next start")]
    private partial void LogLoadFailed(string path, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The provisioning bundle's {Path} is gone or changed since the bundle was taken; its images are not loaded")]
    private partial void LogImagesChanged(string path);
}
