using Docker.DotNet;
using Docker.DotNet.Models;
using EdgeAgent.Core.Provisioning;

namespace EdgeCtl.Commands;

/// <summary>
/// The images a device needs to start offline, saved from the operator's Docker engine as one
/// tarball (`docker save`) that the agent loads on first boot.
/// </summary>
internal static class ImageBundle
{
    public const string FileName = "images.tar";

    /// <summary>The images as the engine has them (id, tags, registry digests); refuses one it does not have.</summary>
    public static async Task<IReadOnlyList<ImageInspectResponse>> InspectAsync(string dockerEndpoint, IReadOnlyList<string> images, CancellationToken cancellationToken)
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(dockerEndpoint)).Build();
        var inspected = new List<ImageInspectResponse>(images.Count);
        foreach (var image in images)
        {
            try
            {
                inspected.Add(await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false));
            }
            catch (DockerImageNotFoundException)
            {
                throw CliException.Failed($"--images: {image} is not in the Docker engine at {dockerEndpoint}; pull or build it first");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or DockerApiException)
            {
                throw CliException.Failed($"--docker: cannot reach the Docker engine at {dockerEndpoint}: {ex.Message}");
            }
        }

        return inspected;
    }

    /// <summary>
    /// Saves the images to <paramref name="path"/>, refusing (with nothing left behind, and --out removed
    /// when <paramref name="removeDirectory"/>) a tarball larger than the device takes.
    /// </summary>
    public static async Task SaveAsync(string dockerEndpoint, IReadOnlyList<string> images, string path, bool removeDirectory, CancellationToken cancellationToken)
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(dockerEndpoint)).Build();
        var part = path + ".part";
        try
        {
            await using (var tar = await docker.Images.SaveImagesAsync([.. images], cancellationToken).ConfigureAwait(false))
            await using (var file = File.Create(part))
            {
                // Its size is known only as it is saved: copied up to the device's limit, no further.
                var buffer = new byte[81920];
                long total = 0;
                for (int read; (read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0;)
                {
                    total += read;
                    if (BundleRules.SizeProblem(FileName, total) is not null)
                    {
                        throw CliException.Usage($"--images: {FileName} would be larger than {BundleRules.MaxImagesBytes} bytes ({BundleRules.MaxImagesBytes >> 30} GiB), more than the device takes in a bundle: carry fewer images; nothing was written");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            File.Delete(part);
            if (removeDirectory && !Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!).Any())
            {
                Directory.Delete(Path.GetDirectoryName(path)!);
            }

            throw;
        }

        File.Move(part, path, overwrite: true);
    }
}
