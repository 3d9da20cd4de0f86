using System.Security.Cryptography;
using EdgeAgent.Core.Intake;

namespace EdgeAgent.IntegrationTests.Requests;

/// <summary>A trust root with a requests role, written where the agent and edgectl of a request test read it.</summary>
internal sealed class RequestTrust : IDisposable
{
    public ECDsa RootKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa ManifestsKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa RequestsKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>root.json (the agent's trustRoot) and request.pem (edgectl's --sign-key) in <paramref name="temp"/>.</summary>
    public void WriteTo(TempDirectory temp)
    {
        var root = RootDocument.Create(1, [RootKey], 1, [ManifestsKey], 1, DateTimeOffset.UtcNow.AddYears(1), [RequestsKey]);
        File.WriteAllBytes(temp.File("root.json"), DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), [RootKey])));
        File.WriteAllText(temp.File("request.pem"), RequestsKey.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        RootKey.Dispose();
        ManifestsKey.Dispose();
        RequestsKey.Dispose();
    }
}
