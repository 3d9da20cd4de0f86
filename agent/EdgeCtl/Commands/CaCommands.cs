using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Shared;

namespace EdgeCtl.Commands;

/// <summary>
/// `edgectl ca init` and `edgectl cert issue`: the fleet's own certificate authority for the broker,
/// operators and devices, made with the .NET base library (CertificateRequest): no openssl needed.
/// Device identity is the certificate's CN, which the broker uses as the MQTT user name.
/// </summary>
internal static class CaCommands
{
    private const string CaCertFile = "ca.pem";
    private const string CaKeyFile = "ca.key";

    public static Command BuildCa()
    {
        var outOption = new Option<string>("--out") { Description = "Directory for ca.pem and ca.key (0600)", Required = true };
        var nameOption = new Option<string>("--name") { Description = "CA common name", DefaultValueFactory = _ => "EdgeAgent fleet CA" };
        var yearsOption = new Option<int>("--years") { Description = "Validity in years", DefaultValueFactory = _ => 10 };
        var init = new Command("init", "Create the fleet CA") { outOption, nameOption, yearsOption };
        init.SetAction(parse =>
        {
            var dir = parse.GetValue(outOption)!;
            Directory.CreateDirectory(dir);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(parse.GetValue(nameOption)!)}"), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = DateTimeOffset.UtcNow;
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(parse.GetValue(yearsOption)));
            KeyFiles.WritePrivate(key, Path.Combine(dir, CaKeyFile), force: false);
            KeyFiles.WriteOutput(Path.Combine(dir, CaCertFile), System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), force: false);
            Console.WriteLine($"fleet CA {ca.Subject}, valid until {ca.NotAfter:u}: {Path.Combine(dir, CaCertFile)}");
            return 0;
        });
        return new Command("ca", "The fleet certificate authority") { init };
    }

    public static Command BuildCert()
    {
        var caOption = new Option<string>("--ca") { Description = "CA directory (from `edgectl ca init`)", Required = true };
        var nameOption = new Option<string>("--name") { Description = "Common name: the broker host, the operator or monitor (edge-operator[-NAME], edge-monitor[-NAME]) or the device id", Required = true };
        var kindOption = new Option<string>("--kind") { Description = "broker, operator or device", Required = true };
        kindOption.AcceptOnlyFromAmong("broker", "operator", "device");
        var sanOption = new Option<string[]>("--san") { Description = "Extra DNS names or IP addresses (broker)", AllowMultipleArgumentsPerToken = true };
        var daysOption = new Option<int>("--days") { Description = "Validity in days", DefaultValueFactory = _ => 825 };
        var outOption = new Option<string>("--out") { Description = "Directory for NAME.pem and NAME.key (0600)", Required = true };
        var issue = new Command("issue", "Issue a broker, operator or device certificate from the fleet CA") { caOption, nameOption, kindOption, sanOption, daysOption, outOption };
        issue.SetAction(parse =>
        {
            var name = parse.GetValue(nameOption)!;
            var outDir = parse.GetValue(outOption)!;
            Directory.CreateDirectory(outDir);
            Issue(parse.GetValue(caOption)!, name, parse.GetValue(kindOption)!, parse.GetValue(sanOption) ?? [], parse.GetValue(daysOption), outDir);
            Console.WriteLine($"{parse.GetValue(kindOption)} certificate CN={name}: {Path.Combine(outDir, name + ".pem")}");
            return 0;
        });
        return new Command("cert", "Certificates from the fleet CA") { issue };
    }

    /// <summary>Issues NAME.pem/NAME.key into <paramref name="outDir"/>; also used by `device provision`.</summary>
    public static void Issue(string caDir, string name, string kind, IEnumerable<string> sans, int days, string outDir)
    {
        // One CN, one role: the broker grants operator and monitor rights by CN alone (BrokerRoles), so
        // only an operator certificate may carry such a name, and an operator certificate no other.
        if (kind == "device" && DeviceName.DeviceIdProblem(name) is { } problem)
        {
            throw CliException.Usage($"--name: device id \"{name}\" {problem}");
        }

        if (kind == "operator" && !BrokerRoles.IsRole(name))
        {
            throw CliException.Usage($"--name: operator or monitor name \"{name}\" {BrokerRoles.RoleRule}");
        }

        if (kind == "broker" && BrokerRoles.IsRole(name))
        {
            throw CliException.Usage($"--name: broker name \"{name}\" {BrokerRoles.Rule}");
        }

        if (name.Length == 0 || name.Length > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            throw CliException.Usage($"--name: \"{name}\" must be 1-64 letters, digits, '-', '.' or '_' (it becomes the MQTT identity)");
        }

        using var caKey = KeyFiles.ReadPrivate(Path.Combine(caDir, CaKeyFile));
        X509Certificate2 caCert;
        try
        {
            caCert = X509Certificate2.CreateFromPem(RegularFile.ReadAllText(Path.Combine(caDir, CaCertFile), 1 << 20));
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{Path.Combine(caDir, CaCertFile)}: cannot read the CA certificate: {ex.Message}");
        }

        using (caCert)
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(name)}"), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            // Brokers serve TLS and, as NATS cluster nodes, also dial each other's routes with the same
            // certificate (mutual TLS), so theirs carries clientAuth too; whoever holds a broker key
            // can impersonate the broker already, so that adds nothing to steal.
            OidCollection usages = kind == "broker" ? [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")] : [new Oid("1.3.6.1.5.5.7.3.2")]; // serverAuth, clientAuth
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
            if (kind == "broker")
            {
                var san = new SubjectAlternativeNameBuilder();
                foreach (var entry in sans.Prepend(name).Distinct(StringComparer.Ordinal))
                {
                    if (IPAddress.TryParse(entry, out var ip))
                    {
                        san.AddIpAddress(ip);
                    }
                    else
                    {
                        san.AddDnsName(entry);
                    }
                }

                request.CertificateExtensions.Add(san.Build());
            }

            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCert, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            var now = DateTimeOffset.UtcNow;
            var notAfter = now.AddDays(days) < caCert.NotAfter ? now.AddDays(days) : new DateTimeOffset(caCert.NotAfter.ToUniversalTime());
            using var cert = request.Create(caCert.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
            KeyFiles.WritePrivate(key, Path.Combine(outDir, name + ".key"), force: true);
            KeyFiles.WriteOutput(Path.Combine(outDir, name + ".pem"), System.Text.Encoding.ASCII.GetBytes(cert.ExportCertificatePem() + "\n"));
        }
    }

    private static string Escape(string value) => value.Replace("\"", "", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
}
