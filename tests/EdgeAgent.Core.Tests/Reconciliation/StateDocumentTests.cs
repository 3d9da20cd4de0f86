using System.Text;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Reconciliation;

/// <summary>
/// The agent's own bookkeeping documents, damaged in every way their content can be: each is set aside
/// (kept under another name) with a sentence naming it and why, read as absent, and a pass goes on and
/// converges; the next pass writes a good document again. An empty document is the agent's own way of
/// forgetting: absent, not set aside.
/// </summary>
public sealed class StateDocumentTests
{
    public static TheoryData<string, string> Damages()
    {
        var data = new TheoryData<string, string>();
        string[] documents = [CrashLoopTracker.Document, RollbackLedger.Document, ImageLedger.Document];
        string[] contents =
        [
            "{\"web\": {", "not json", "\"a string\"", "42", "null", "[1, 2]", "{\"web\": 3}", "{\"web\": null}", "[null]",
            "{\"web\": {\"crashes\": \"many\"}}", "{\"web\": {\"specHash\": 7}}", "{\"web\": {}}", "{\"a\": 1} trailing",
        ];
        foreach (var document in documents)
        {
            foreach (var content in contents)
            {
                data.Add(document, content);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_document_is_set_aside_named_and_the_pass_goes_on(string document, string content)
    {
        var runtime = new FakeContainerRuntime();
        var state = new MemoryStateStore();
        state.Documents[document] = Encoding.UTF8.GetBytes(content);
        var time = TimeProvider.System;
        var reconciler = new Reconciler(
            runtime,
            new PlanRunner(runtime, time, new RetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(1) }),
            ovs: null,
            attacher: null,
            crashes: new CrashLoopTracker(new BackoffPolicy(), time, state),
            ledger: new RollbackLedger(time, state),
            clock: time,
            ownImages: new ImageLedger(state));
        var desired = DesiredOf(("web", App()));

        var first = await reconciler.RunPassAsync(desired, dryRun: false, default);
        var second = await reconciler.RunPassAsync(desired, dryRun: false, default);

        var setAside = Assert.Single(first.StateSetAside);
        Assert.StartsWith($"state document {document} cannot be used (", setAside, StringComparison.Ordinal);
        Assert.Contains($"set aside as {document}.unreadable", setAside, StringComparison.Ordinal);
        Assert.Equal(content, Encoding.UTF8.GetString(state.Documents[document + ".unreadable"]));
        Assert.True(first.Succeeded);
        Assert.True(second.Converged);
        Assert.Empty(second.StateSetAside);
    }

    [Theory]
    [InlineData(CrashLoopTracker.Document)]
    [InlineData(RollbackLedger.Document)]
    [InlineData(ImageLedger.Document)]
    public async Task An_empty_document_reads_as_absent_and_is_not_set_aside(string document)
    {
        var state = new MemoryStateStore();
        state.Documents[document] = [];
        string?[] reasons =
        [
            await new CrashLoopTracker(new BackoffPolicy(), TimeProvider.System, state).RestoreAsync(default),
            await new RollbackLedger(TimeProvider.System, state).RestoreAsync(default),
            await new ImageLedger(state).RestoreAsync(default),
        ];
        Assert.All(reasons, Assert.Null);
        Assert.DoesNotContain(document + ".unreadable", state.Documents.Keys);
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_is_set_aside_too()
    {
        var state = new UnreadableStore(new MemoryStateStore());
        var tracker = new CrashLoopTracker(new BackoffPolicy(), TimeProvider.System, state);
        var why = await tracker.RestoreAsync(default);
        Assert.Equal($"state document {CrashLoopTracker.Document} cannot be used (/state/{CrashLoopTracker.Document}: not a regular file (a FIFO)); set aside as {CrashLoopTracker.Document}.aside, going on without it: crash-loop counts start over", why);
        Assert.Equal([CrashLoopTracker.Document], state.SetAside);
    }

    private sealed class UnreadableStore(MemoryStateStore inner) : EdgeAgent.Core.Abstractions.IStateStore
    {
        public List<string> SetAside { get; } = [];

        public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) => throw new IOException($"/state/{name}: not a regular file (a FIFO)");

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.WriteAsync(name, content, cancellationToken);

        public Task<string> SetAsideAsync(string name, CancellationToken cancellationToken)
        {
            SetAside.Add(name);
            return Task.FromResult(name + ".aside");
        }
    }
}
