using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Tests.Fakes;
using EdgeAgent.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static EdgeAgent.Core.Tests.Fakes.TestTrust;

namespace EdgeAgent.Core.Tests.Intake;

/// <summary>
/// The intake as one operation (verify, bind, merge, admit, persist, commit) against an in-memory
/// store: what is accepted is persisted before it is current, and nothing refused or unpersisted
/// changes the store or the current state.
/// </summary>
public sealed class ManifestIntakeTests
{
    private const string DeviceTopic = "edge/v1/devices/pi-01/desired";
    private const string GroupTopic = "edge/v1/groups/greenhouse/desired";
    private const string Busybox = "\"edgeagent/busybox:1.35\"";

    private readonly ECDsa rootKey = NewKey(), opKey = NewKey(), strangerKey = NewKey();
    private readonly FakeTimeProvider time = new(Now);
    private readonly MemoryStateStore memory = new();
    private readonly FailingStateStore store;
    private readonly MemoryRootFile rootFile = new();

    public ManifestIntakeTests()
    {
        store = new FailingStateStore(memory);
        rootFile.Bytes = SignRoot(Root(1, [rootKey], 1, [opKey], 1), rootKey);
    }

    private ManifestIntake NewIntake(bool allowUnsigned = false)
    {
        var gate = new ManifestGate(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false }, new IdentityPaths()));
        var streams = new DesiredStreams("pi-01", ["greenhouse"], gate, new ManifestVerifier("pi-01", ["greenhouse"], time));
        var trust = new TrustStore(store, rootFile, time, NullLogger<TrustStore>.Instance);
        return new ManifestIntake(streams, trust, gate, store, allowUnsigned);
    }

    private static string Web(int hostPort) => $$"""{ "web": { "image": {{Busybox}}, "ports": [ { "host": {{hostPort}}, "container": 80 } ] } }""";

    private static string GroupManifest(long version, string apps) =>
        ManifestJson(version: version, apps: apps).Replace("\"devices\": [\"pi-01\"], \"groups\": []", "\"devices\": [], \"groups\": [\"greenhouse\"]", StringComparison.Ordinal);

    private Dictionary<string, byte[]> Snapshot() => memory.Documents.ToDictionary(d => d.Key, d => d.Value.ToArray(), StringComparer.Ordinal);

    private static void AssertSameDocuments(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} changed");
        }
    }

    [Fact]
    public async Task An_accepted_manifest_is_persisted_then_current_and_a_restart_restores_it()
    {
        var intake = NewIntake();
        var accepted = await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 4, apps: Web(8080)), opKey), persist: true, CancellationToken.None);
        Assert.True(accepted.Accepted, accepted.ToString());
        Assert.Equal(4, intake.Current!.Manifest!.Metadata.Version);
        Assert.Contains(TrustStore.Document, memory.Documents.Keys);

        var restarted = NewIntake();
        var restored = await restarted.RestoreAsync(CancellationToken.None);
        Assert.True(restored!.Accepted, restored.ToString());
        Assert.Equal(4, restarted.Current!.Manifest!.Metadata.Version);
        Assert.Equal(4, restarted.Streams.AppliedVersions[DeviceTopic]);
    }

    public static TheoryData<string> Refusals() => ["wrong signer", "older version", "other device", "not an envelope", "garbage", "empty"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_offer_changes_neither_the_store_nor_the_current_state(string what)
    {
        var intake = NewIntake();
        Assert.True((await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 4, apps: Web(8080)), opKey), persist: true, CancellationToken.None)).Accepted);
        var before = Snapshot();
        var current = intake.Current;

        byte[] offer = what switch
        {
            "wrong signer" => SignManifest(ManifestJson(version: 5, apps: Web(8081)), strangerKey),
            "older version" => SignManifest(ManifestJson(version: 3, apps: Web(8081)), opKey),
            "other device" => SignManifest(ManifestJson(version: 5, device: "pi-02", apps: Web(8081)), opKey),
            "not an envelope" => System.Text.Encoding.UTF8.GetBytes(ManifestJson(version: 5, apps: Web(8081))),
            "garbage" => [0x7b, 0x00, 0xff, 0x22],
            _ => [],
        };
        var refused = await intake.OfferAsync(DeviceTopic, offer, persist: true, CancellationToken.None);

        Assert.False(refused.Accepted, what);
        Assert.NotNull(refused.Reason);
        Assert.Same(current, intake.Current);
        AssertSameDocuments(before, Snapshot());
    }

    [Fact]
    public async Task A_host_port_clash_between_device_and_group_manifests_is_refused_naming_both_and_nothing_moves()
    {
        var intake = NewIntake();
        Assert.True((await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 2, apps: Web(8080)), opKey), persist: true, CancellationToken.None)).Accepted);
        var before = Snapshot();
        var current = intake.Current;

        var clash = GroupManifest(9, Web(8080).Replace("\"web\"", "\"api\"", StringComparison.Ordinal));
        var refused = await intake.OfferAsync(GroupTopic, SignManifest(clash, opKey), persist: true, CancellationToken.None);

        Assert.Equal(RejectionReason.MergeInvalid, refused.Reason);
        var message = string.Join("\n", refused.Errors);
        Assert.Contains(DeviceTopic + " v2", message, StringComparison.Ordinal);
        Assert.Contains(GroupTopic + " v9", message, StringComparison.Ordinal);
        Assert.Same(current, intake.Current);
        AssertSameDocuments(before, Snapshot());
        Assert.False(intake.Streams.AppliedVersions.ContainsKey(GroupTopic));
    }

    [Fact]
    public async Task A_manifest_that_cannot_be_persisted_does_not_become_current_and_applies_once_the_disk_recovers()
    {
        var intake = NewIntake();
        Assert.True((await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Web(8080)), opKey), persist: true, CancellationToken.None)).Accepted);
        var current = intake.Current;
        var next = SignManifest(ManifestJson(version: 2, apps: Web(8081)), opKey);

        store.FailWrites = true;
        await Assert.ThrowsAsync<IOException>(() => intake.OfferAsync(DeviceTopic, next, persist: true, CancellationToken.None));
        Assert.Same(current, intake.Current);
        Assert.Equal(1, intake.Streams.AppliedVersions[DeviceTopic]);

        store.FailWrites = false;
        var retried = await intake.OfferAsync(DeviceTopic, next, persist: true, CancellationToken.None);
        Assert.True(retried.Accepted, retried.ToString());
        Assert.Equal(2, intake.Current!.Manifest!.Metadata.Version);
    }

    [Fact]
    public async Task Offers_read_neither_the_state_nor_the_root_file_again_once_loaded()
    {
        var intake = NewIntake();
        await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 1, apps: Web(8080)), opKey), persist: true, CancellationToken.None);
        var (stateReads, rootReads) = (store.Reads, rootFile.Reads);

        for (var version = 2; version <= 6; version++)
        {
            Assert.True((await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: version, apps: Web(8080)), opKey), persist: true, CancellationToken.None)).Accepted);
        }

        Assert.Equal((stateReads, rootReads), (store.Reads, rootFile.Reads));

        // A replaced trustRoot file is looked at again (a newer root may be in it).
        rootFile.Bytes = SignRoot(Root(2, [rootKey], 1, [opKey], 1), rootKey);
        Assert.True((await intake.OfferAsync(DeviceTopic, SignManifest(ManifestJson(version: 7, apps: Web(8080)), opKey), persist: true, CancellationToken.None)).Accepted);
        Assert.True(rootFile.Reads > rootReads);
    }

    [Fact]
    public async Task Unsigned_files_are_refused_unless_allowed_and_never_on_a_broker_stream()
    {
        var bare = System.Text.Encoding.UTF8.GetBytes(ManifestJson(version: 1, apps: Web(8080)));
        Assert.Equal(RejectionReason.UnsignedRefused, (await NewIntake().OfferAsync(DesiredStreams.LocalStream, bare, persist: true, CancellationToken.None)).Reason);

        var development = NewIntake(allowUnsigned: true);
        Assert.Equal(RejectionReason.UnsignedRefused, (await development.OfferAsync(DeviceTopic, bare, persist: true, CancellationToken.None)).Reason);
        Assert.True((await development.OfferAsync(DesiredStreams.LocalStream, bare, persist: true, CancellationToken.None)).Accepted);
        Assert.Contains(ManifestIntake.UnsignedDocument, memory.Documents.Keys);
    }
}
