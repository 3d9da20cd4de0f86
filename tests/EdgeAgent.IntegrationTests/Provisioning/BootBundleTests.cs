using System.Diagnostics;
using System.Security.Cryptography;
using Docker.DotNet.Models;
using EdgeAgent.IntegrationTests.Agent;
using EdgeAgent.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// The bundle on the boot partition is taken whole or not at all: verified first, moved with safe
/// modes, the key deleted from the card, never taken twice, a new one taken again; its images loaded
/// into the real Docker engine.
/// </summary>
public sealed class BootBundleTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string boot;
    private readonly string etc;

    public BootBundleTests()
    {
        boot = temp.File("boot");
        etc = temp.File("etc");
        Directory.CreateDirectory(boot);
    }

    private void Bundle(string certificate = "CERT-1")
    {
        File.WriteAllText(Path.Combine(boot, "agent.json"), """{ "deviceId": "pi-07" }""");
        File.WriteAllText(Path.Combine(boot, "device.pem"), certificate);
        File.WriteAllText(Path.Combine(boot, "device.key"), "KEY");
        File.WriteAllText(Path.Combine(boot, "root.json"), "{}");
        Sums();
    }

    private void Sums(params string[] extraLines)
    {
        var lines = Directory.GetFiles(boot).Where(f => EdgeAgent.Shared.RegularFile.NotRegular(f) is null).Select(Path.GetFileName).Where(f => f != BootBundle.Checksums).Order(StringComparer.Ordinal)
            .Select(f => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(boot, f!))))}  {f}");
        File.WriteAllText(Path.Combine(boot, BootBundle.Checksums), string.Join('\n', lines.Concat(extraLines)) + "\n");
    }

    private BootBundle New() => new(boot, etc);

    [Fact]
    public void A_bundle_is_taken_with_safe_modes_the_key_leaves_the_card_and_a_reboot_takes_nothing()
    {
        Bundle();
        Assert.Equal(["agent.json", "device.key", "device.pem", "root.json"], New().Take().Order(StringComparer.Ordinal));

        Assert.Equal("KEY", File.ReadAllText(Path.Combine(etc, "device.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(etc, "device.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(etc, "device.pem")));
        Assert.False(File.Exists(Path.Combine(boot, "device.key")));

        // The reboot: the same SHA256SUMS (now with its key gone from the card) is not taken again.
        File.WriteAllText(Path.Combine(etc, "device.pem"), "CHANGED ON THE DEVICE");
        Assert.Empty(New().Take());
        Assert.Equal("CHANGED ON THE DEVICE", File.ReadAllText(Path.Combine(etc, "device.pem")));
    }

    [Fact]
    public void A_new_bundle_put_on_the_card_later_is_taken_again()
    {
        Bundle("CERT-1");
        New().Take();
        Bundle("CERT-2 (renewed)");
        Assert.Contains("device.pem", New().Take());
        Assert.Equal("CERT-2 (renewed)", File.ReadAllText(Path.Combine(etc, "device.pem")));
    }

    public static TheoryData<string> Damages() => ["altered file", "missing file", "traversal", "absolute path", "bad hash", "listed twice", "empty list", "fifo", "directory"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_bundle_is_refused_whole_and_nothing_of_it_is_applied(string damage)
    {
        Bundle();
        var hash = new string('a', 64);
        switch (damage)
        {
            case "altered file": File.AppendAllText(Path.Combine(boot, "device.pem"), "x"); break;
            case "missing file": File.Delete(Path.Combine(boot, "root.json")); break;
            case "traversal": Sums($"{hash}  ../etc/passwd"); break;
            case "absolute path": Sums($"{hash}  /etc/shadow"); break;
            case "bad hash": Sums("xyz  agent.json"); break;
            case "listed twice": File.AppendAllText(Path.Combine(boot, BootBundle.Checksums), File.ReadAllLines(Path.Combine(boot, BootBundle.Checksums))[0] + "\n"); break;
            case "empty list": File.WriteAllText(Path.Combine(boot, BootBundle.Checksums), "\n"); break;
            case "fifo":
                Process.Start("mkfifo", Path.Combine(boot, "pipe")).WaitForExit();
                Sums($"{hash}  pipe");
                break;
            default:
                Directory.CreateDirectory(Path.Combine(boot, "sub"));
                Sums($"{hash}  sub");
                break;
        }

        var ex = Assert.Throws<BundleException>(() => New().Take());
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.False(Directory.Exists(etc) && Directory.EnumerateFileSystemEntries(etc).Any(), $"{damage}: something was applied");
        Assert.True(File.Exists(Path.Combine(boot, "device.key")) || damage == "missing file", "the key stays until the bundle is taken");
    }

    [Fact]
    public async Task The_bundles_images_are_loaded_into_docker_once()
    {
        var docker = new DockerHost();
        await docker.InitializeAsync();
        var tag = $"edgeagent/bundle-test:{Environment.ProcessId}";
        await docker.Client.Images.TagImageAsync(DockerHost.Image, new ImageTagParameters { RepositoryName = "edgeagent/bundle-test", Tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using (var tar = await docker.Client.Images.SaveImagesAsync([tag]))
        await using (var file = File.Create(Path.Combine(boot, BootBundle.Images)))
        {
            await tar.CopyToAsync(file);
        }

        await docker.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
        Bundle();
        Assert.Contains(BootBundle.Images, New().Take());

        var images = new BundleImages(boot, etc, docker.Engine, NullLogger.Instance);
        Assert.True(await images.LoadPendingAsync(CancellationToken.None));
        Assert.NotNull(await docker.Client.Images.InspectImageAsync(tag));
        Assert.False(await images.LoadPendingAsync(CancellationToken.None)); // loaded once
        await docker.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
    }

    public void Dispose() => temp.Dispose();
}
