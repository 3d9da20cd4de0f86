using System.CommandLine;
using System.Security.Cryptography;
using EdgeAgent.Core.Intake;

namespace EdgeCtl.Commands;

internal static class KeyCommands
{
    public static Command Build()
    {
        var outOption = new Option<string>("--out") { Description = "Private key file to create (PEM, mode 0600)", Required = true };
        var forceOption = new Option<bool>("--force") { Description = "Overwrite an existing file" };
        var generate = new Command("generate", "Generate an ECDSA P-256 private key; prints its keyid") { outOption, forceOption };
        generate.SetAction(parse =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            KeyFiles.WritePrivate(key, parse.GetValue(outOption)!, parse.GetValue(forceOption));
            Console.WriteLine(KeyIds.Of(key));
            return 0;
        });

        var inOption = new Option<string>("--in") { Description = "Private (or public) key file", Required = true };
        var pubOutOption = new Option<string>("--out") { Description = "Public key file to write (PEM)", Required = true };
        var publicKey = new Command("public", "Write the public key of a key file; prints its keyid") { inOption, pubOutOption, forceOption };
        publicKey.SetAction(parse =>
        {
            using var key = KeyFiles.Read(parse.GetValue(inOption)!);
            KeyFiles.WritePublic(key, parse.GetValue(pubOutOption)!, force: true);
            Console.WriteLine(KeyIds.Of(key));
            return 0;
        });

        return new Command("key", "Signing keys") { generate, publicKey };
    }
}
