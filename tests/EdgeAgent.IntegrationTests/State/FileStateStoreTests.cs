using System.Diagnostics;
using EdgeAgent.Configuration;
using EdgeAgent.Hosting;
using EdgeAgent.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAgent.IntegrationTests.State;

public sealed class FileStateStoreTests
{
    [Fact]
    public async Task Writes_replace_atomically_with_owner_only_permissions()
    {
        using var temp = new TempDirectory();
        var store = new FileStateStore(temp.File("state"), TimeProvider.System);
        Assert.Null(await store.ReadAsync("doc.json", default));

        await store.WriteAsync("doc.json", "one"u8.ToArray(), default);
        await store.WriteAsync("doc.json", "two"u8.ToArray(), default);

        Assert.Equal("two"u8.ToArray(), await store.ReadAsync("doc.json", default));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.File("state/doc.json")));
        Assert.Equal(["doc.json"], Directory.GetFiles(temp.File("state")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_temp_file_left_by_a_crash_never_replaces_the_document()
    {
        using var temp = new TempDirectory();
        var store = new FileStateStore(temp.Path, TimeProvider.System);
        await store.WriteAsync("trust-state.json", "{\"good\":true}"u8.ToArray(), default);
        File.WriteAllText(temp.File("trust-state.json.4242.tmp"), "{\"torn");

        Assert.Equal("{\"good\":true}"u8.ToArray(), await store.ReadAsync("trust-state.json", default));
        await store.WriteAsync("trust-state.json", "{\"good\":2}"u8.ToArray(), default);
        Assert.Equal("{\"good\":2}"u8.ToArray(), await store.ReadAsync("trust-state.json", default));
    }

    [Fact]
    public async Task The_agent_names_a_set_aside_document_by_its_own_clock()
    {
        using var temp = new TempDirectory();
        var settings = AgentConfiguration.Load(temp.AgentConfig());
        await using var agent = new DevicePorts(settings, NullLoggerFactory.Instance, new FakeTimeProvider(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero)));
        Directory.CreateDirectory(settings.StateDir);
        File.WriteAllText(Path.Combine(settings.StateDir, "crash-loops.json"), "not json");

        Assert.Equal("crash-loops.json.unreadable-20310203T040506Z", await agent.State.SetAsideAsync("crash-loops.json", default));
        Assert.True(File.Exists(Path.Combine(settings.StateDir, "crash-loops.json.unreadable-20310203T040506Z")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public async Task Refuses_names_that_leave_the_directory(string name)
    {
        using var temp = new TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => new FileStateStore(temp.Path, TimeProvider.System).WriteAsync(name, "x"u8.ToArray(), default));
    }

    [Fact]
    public async Task A_writer_killed_mid_write_leaves_the_old_document_whole()
    {
        using var temp = new TempDirectory();
        var store = new FileStateStore(temp.Path, TimeProvider.System);
        var old = new byte[1 << 20];
        Array.Fill(old, (byte)'o');
        await store.WriteAsync("big.json", old, default);

        // A child process rewrites the document in a loop; kill it at an arbitrary moment, several times.
        for (var round = 0; round < 5; round++)
        {
            using var writer = Process.Start(new ProcessStartInfo("sh", ["-c", $"while true; do head -c 1048576 /dev/zero | tr '\\0' 'n' > '{temp.Path}/big.json.tmp' && mv '{temp.Path}/big.json.tmp' '{temp.Path}/big.json'; done"]))!;
            await Task.Delay(50 + (round * 37));
            writer.Kill();
            await writer.WaitForExitAsync();
            var content = await store.ReadAsync("big.json", default);
            Assert.NotNull(content);
            Assert.Equal(1 << 20, content.Length);
            Assert.True(content.All(b => b == 'o') || content.All(b => b == 'n'), "document is old or new, never torn");
        }
    }
}
