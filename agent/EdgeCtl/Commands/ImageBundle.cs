using Docker.DotNet;
using Docker.DotNet.Models;

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

    public static async Task SaveAsync(string dockerEndpoint, IReadOnlyList<string> images, string path, CancellationToken cancellationToken)
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri(dockerEndpoint)).Build();
        var part = path + ".part";
        await using (var tar = await docker.Images.SaveImagesAsync([.. images], cancellationToken).ConfigureAwait(false))
        await using (var file = File.Create(part))
        {
            await tar.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        File.Move(part, path, overwrite: true);
    }
}
