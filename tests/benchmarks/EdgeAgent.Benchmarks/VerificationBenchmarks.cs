using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Benchmarks;

/// <summary>What accepting one signed manifest costs on the device: signature checks, strict parsing, freshness.</summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private readonly ECDsa[] keys = [.. Enumerable.Range(0, 3).Select(_ => ECDsa.Create(ECCurve.NamedCurves.nistP256))];
    private byte[] manifest = [];
    private byte[] oneSignature = [];
    private byte[] twoSignatures = [];
    private TrustState oneOfThree = null!;
    private TrustState twoOfThree = null!;
    private ManifestVerifier verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "thesis-manifest.json");
        manifest = File.ReadAllBytes(path);
        oneSignature = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, manifest, [keys[0]]));
        twoSignatures = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Manifest, manifest, [keys[0], keys[1]]));
        oneOfThree = TrustState.FromRoot(SignedRoot(1));
        twoOfThree = TrustState.FromRoot(SignedRoot(2));
        verifier = new ManifestVerifier("pi-01", ["greenhouse"], TimeProvider.System);
    }

    [Benchmark(Baseline = true, Description = "parse + validate manifest (no signature)")]
    public Manifest ParseOnly() => ManifestParser.Parse(manifest);

    [Benchmark(Description = "verify 1-of-3 signed manifest (full acceptance)")]
    public TrustedManifest VerifyOneOfThree() => verifier.Verify(oneOfThree, "bench", oneSignature);

    [Benchmark(Description = "verify 2-of-3 signed manifest (full acceptance)")]
    public TrustedManifest VerifyTwoOfThree() => verifier.Verify(twoOfThree, "bench", twoSignatures);

    private byte[] SignedRoot(int manifestThreshold)
    {
        var root = RootDocument.Create(1, [keys[0]], 1, keys, manifestThreshold, DateTimeOffset.UtcNow.AddYears(1));
        return DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [keys[0]]));
    }
}
