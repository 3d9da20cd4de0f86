using System.Diagnostics;
using Docker.DotNet.Models;
using EdgeAgent.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAgent.IntegrationTests.Provisioning;

/// <summary>
/// The bundle on the boot partition is taken whole or not at all: verified first, moved with safe
/// modes, the key deleted from the card, never taken twice; its images loaded into the real Docker
/// engine. Damaged bundles of every kind leave the device exactly as it was.
/// </summary>
public sealed class BootBundleTests : IDisposable
{
    private readonly TestBundle card = new();

    [Fact]
    public async Task A_bundle_is_taken_with_safe_modes_the_key_leaves_the_card_and_a_reboot_takes_nothing()
    {
        card.Write();
        var outcome = await card.TakeAsync();
        Assert.Equal(["agent.json", "device.key", "device.pem", "root.json"], outcome!.Taken.Order(StringComparer.Ordinal));
        Assert.Empty(outcome.Warnings);

        Assert.Equal("KEY", File.ReadAllText(Path.Combine(card.Etc, "device.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(card.Etc, "device.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(card.Etc, "device.pem")));
        Assert.False(File.Exists(Path.Combine(card.Boot, "device.key")));
        Assert.False(Directory.Exists(Path.Combine(card.Etc, BundleStaging.DirectoryName)));

        // The reboot: the same SHA256SUMS (now with its key gone from the card) is not taken again.
        File.WriteAllText(Path.Combine(card.Etc, "device.pem"), "CHANGED ON THE DEVICE");
        Assert.Null(await card.TakeAsync());
        Assert.Equal("CHANGED ON THE DEVICE", File.ReadAllText(Path.Combine(card.Etc, "device.pem")));
    }

    public static TheoryData<string> Damages() =>
    [
        "altered file", "missing file", "traversal", "absolute path", "bad hash", "listed twice", "empty list", "fifo", "directory",
        "symlinked file", "symlinked SHA256SUMS", "list cut at a line boundary", "end line with another count", "line after the end line",
        "hidden name", "more than 32 files", "file over 1 MiB", "invalid agent.json", "unknown agent.json key", "root.json not a root",
    ];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_bundle_is_refused_whole_and_nothing_of_it_is_applied(string damage)
    {
        card.Write();
        var sums = Path.Combine(card.Boot, BootBundle.Checksums);
        var hash = new string('a', 64);
        switch (damage)
        {
            case "altered file": File.AppendAllText(Path.Combine(card.Boot, "device.pem"), "x"); break;
            case "missing file": File.Delete(Path.Combine(card.Boot, "root.json")); break;
            case "traversal": card.Sums($"{hash}  ../etc/passwd"); break;
            case "absolute path": card.Sums($"{hash}  /etc/shadow"); break;
            case "bad hash": card.Sums("xyz  agent.json"); break;
            case "listed twice": card.Sums(File.ReadAllLines(sums)[0]); break;
            case "empty list": File.WriteAllText(sums, "\n"); break;
            case "fifo":
                Process.Start("mkfifo", Path.Combine(card.Boot, "pipe")).WaitForExit();
                card.Sums($"{hash}  pipe");
                break;
            case "directory":
                Directory.CreateDirectory(Path.Combine(card.Boot, "sub"));
                card.Sums($"{hash}  sub");
                break;
            case "symlinked file":
                File.WriteAllText(card.Temp + "/secret", "SECRET");
                File.CreateSymbolicLink(Path.Combine(card.Boot, "extra.pem"), card.Temp + "/secret");
                card.Sums($"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SECRET"u8))}  extra.pem");
                break;
            case "symlinked SHA256SUMS":
                File.Move(sums, card.Temp + "/sums");
                File.CreateSymbolicLink(sums, card.Temp + "/sums");
                break;
            case "list cut at a line boundary": File.WriteAllLines(sums, File.ReadAllLines(sums)[..2]); break;
            case "end line with another count": File.WriteAllLines(sums, [.. File.ReadAllLines(sums)[..2], BundleEntry.EndLine(4)]); break;
            case "line after the end line": File.AppendAllText(sums, File.ReadAllLines(sums)[0] + "\n"); break;
            case "hidden name":
                File.WriteAllText(Path.Combine(card.Boot, ".bundle-taken"), "x");
                card.Sums();
                break;
            case "more than 32 files": card.Sums([.. Enumerable.Range(0, 30).Select(i => $"{hash}  f{i}")]); break;
            case "file over 1 MiB":
                File.WriteAllBytes(Path.Combine(card.Boot, "big.pem"), new byte[(1 << 20) + 1]);
                card.Sums();
                break;
            case "invalid agent.json": card.Write(agentJson: """{ "deviceId": "pi 07!" }"""); break;
            case "unknown agent.json key": card.Write(agentJson: card.AgentJson(extra: """, "alowPrivileged": true""")); break;
            default: card.Write(root: "{}"u8.ToArray()); break;
        }

        var ex = await Assert.ThrowsAsync<BundleException>(card.TakeAsync);
        Assert.True(ex.NothingApplied);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.Empty(card.Device());
        Assert.True(File.Exists(Path.Combine(card.Boot, "device.key")), "the key stays until the bundle is taken");

        // Fixed on the card: taken at the next start (a refused bundle is not recorded as taken).
        foreach (var extra in Directory.EnumerateFileSystemEntries(card.Boot))
        {
            if (Directory.Exists(extra) && new FileInfo(extra).LinkTarget is null)
            {
                Directory.Delete(extra);
            }
            else
            {
                File.Delete(extra);
            }
        }

        card.Write();
        Assert.NotNull(await card.TakeAsync());
    }

    [Theory]
    [InlineData("etc")]
    [InlineData("etc/edge-agent-bundle")]
    [InlineData(".")]
    [InlineData("state")]
    [InlineData("state/boot")]
    public async Task A_bundle_directory_overlapping_the_configuration_or_state_is_refused_and_deletes_nothing(string where)
    {
        await card.ProvisionedAsync();
        var bundleDir = Path.GetFullPath(Path.Combine(card.Temp, where));
        Directory.CreateDirectory(bundleDir);
        Directory.CreateDirectory(card.State);
        File.WriteAllText(Path.Combine(bundleDir, BootBundle.Checksums), $"{new string('a', 64)}  device.key\n{BundleEntry.EndLine(1)}\n");
        var before = card.Device();

        var ex = await Assert.ThrowsAsync<BundleException>(() => new BootBundle(bundleDir, card.Etc).TakeAsync(CancellationToken.None));
        Assert.Contains("overlaps", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(card.Etc, "device.key")), "the device key is still there");
        Assert.Equal(before, card.Device());
    }

    [Fact]
    public async Task A_key_that_cannot_be_deleted_from_the_card_is_reported_with_the_bundle_taken()
    {
        // A read-only card: everything can be read and taken, the key cannot be deleted.
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", card.Boot));
        try
        {
            card.Write();
            Assert.Equal(0, Run("mount", "-o", "remount,ro", card.Boot));
            var outcome = await card.TakeAsync();
            Assert.Contains("device.key", Assert.Single(outcome!.Warnings), StringComparison.Ordinal);
            Assert.Equal("KEY", File.ReadAllText(Path.Combine(card.Etc, "device.key")));
            Assert.True(File.Exists(Path.Combine(card.Etc, BootBundle.TakenRecord)));
        }
        finally
        {
            Run("umount", card.Boot);
        }
    }

    [Fact]
    public async Task The_bundles_images_are_loaded_into_docker_once()
    {
        var docker = new DockerHost();
        await docker.InitializeAsync();
        var tag = $"edgeagent/bundle-test:{Environment.ProcessId}";
        await docker.Client.Images.TagImageAsync(DockerHost.Image, new ImageTagParameters { RepositoryName = "edgeagent/bundle-test", Tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using (var tar = await docker.Client.Images.SaveImagesAsync([tag]))
        await using (var file = File.Create(Path.Combine(card.Boot, BootBundle.Images)))
        {
            await tar.CopyToAsync(file);
        }

        await docker.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
        card.Write();
        Assert.Contains(BootBundle.Images, (await card.TakeAsync())!.Taken);

        var images = new BundleImages(card.Boot, card.Etc, docker.Engine, NullLogger.Instance);
        Assert.True(await images.LoadPendingAsync(CancellationToken.None));
        Assert.NotNull(await docker.Client.Images.InspectImageAsync(tag));
        Assert.False(await images.LoadPendingAsync(CancellationToken.None)); // loaded once
        await docker.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters());
    }

    private static int Run(params string[] command)
    {
        using var process = Process.Start(command[0], command[1..]);
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose() => card.Dispose();
}
