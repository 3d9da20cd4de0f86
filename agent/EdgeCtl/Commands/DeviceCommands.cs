using System.CommandLine;
using System.Text.Json;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Provisioning;
using EdgeAgent.Shared;
using EdgeCtl.Authorization;

namespace EdgeCtl.Commands;

/// <summary>
/// `edgectl device provision`: everything one device needs on its boot partition, to be copied to
/// /etc/edge-agent on first boot: its key and certificate, the fleet CA, the trust root, agent.json
/// and, optionally, a signed bootstrap manifest and the images it needs; SHA256SUMS lists them all.
/// </summary>
internal static class DeviceCommands
{
    private const string ConfigDir = "/etc/edge-agent";

    public static Command Build()
    {
        var deviceOption = new Option<string>("--device") { Description = "Device id (the certificate CN and MQTT identity)", Required = true };
        var groupOption = new Option<string[]>("--group") { Description = "Groups the device belongs to", AllowMultipleArgumentsPerToken = true };
        var caOption = new Option<string>("--ca") { Description = "Fleet CA directory", Required = true };
        var rootOption = new Option<string>("--root") { Description = "Trust root envelope the device starts from", Required = true };
        var brokerOption = new Option<string[]>("--broker") { Description = "Broker URL, e.g. mqtts://broker.example:8883; repeat for each node of a cluster", Required = true };
        var protocolOption = new Option<string?>("--protocol") { Description = "mqtt5 (default; falls back to 3.1.1 on its own) or mqtt311" };
        var manifestOption = new Option<string?>("--manifest") { Description = "Signed bootstrap manifest to apply until the broker is reached" };
        var imagesOption = new Option<string[]>("--images") { Description = "Images to carry in the bundle (images.tar), so that the bootstrap manifest converges with no registry", AllowMultipleArgumentsPerToken = true };
        var dockerOption = new Option<string>("--docker") { Description = "Docker engine to save --images from", DefaultValueFactory = _ => "unix:///var/run/docker.sock" };
        var outOption = new Option<string>("--out") { Description = "Output directory (the boot partition's edge-agent folder)", Required = true };
        var signOption = new Option<string[]>("--sign-key") { Description = "Root keys (a threshold of the root role) to sign the bundle with: needed for a device that already trusts a root (re-provisioning)", AllowMultipleArgumentsPerToken = true };
        var currentRootOption = new Option<string?>("--current-root") { Description = "The root the device trusts now, when --root differs from it (moving the device to another root); default --root" };
        var provision = new Command("provision", "Create a device's identity and configuration") { deviceOption, groupOption, caOption, rootOption, brokerOption, protocolOption, manifestOption, imagesOption, dockerOption, outOption, signOption, currentRootOption };
        provision.SetAction(async (parse, cancellationToken) =>
        {
            var device = parse.GetValue(deviceOption)!;
            var groups = parse.GetValue(groupOption) ?? [];
            var outDir = parse.GetValue(outOption)!;
            var brokers = BrokerArguments.Endpoints(parse.GetValue(brokerOption));
            if (brokers.Count > BrokerEndpoint.MaxEndpoints)
            {
                throw CliException.Usage($"--broker: {brokers.Count} brokers; a device takes at most {BrokerEndpoint.MaxEndpoints} (agent.json broker.urls)");
            }
            var protocol = BrokerArguments.ProtocolOf(parse.GetValue(protocolOption));
            if (DeviceName.DeviceIdProblem(device) is { } problem)
            {
                throw CliException.Usage($"--device: \"{device}\" {problem}");
            }

            foreach (var group in groups.Where(g => !DeviceName.IsValid(g)))
            {
                throw CliException.Usage($"--group: \"{group}\" {DeviceName.Rule}");
            }

            var rootPath = parse.GetValue(rootOption)!;
            var rootBytes = InputFiles.Read(rootPath, EnvelopeVerifier.MaxEnvelopeBytes);
            try
            {
                RootChain.VerifyInitial(rootBytes);
            }
            catch (TrustException ex)
            {
                throw CliException.Failed($"{rootPath}: not a root a device can start from ({ex.Reason.Code()}): {ex.Message}");
            }

            var signKeys = parse.GetValue(signOption) ?? [];
            var currentRoot = parse.GetValue(currentRootOption);
            if (currentRoot is not null && signKeys.Length == 0)
            {
                throw CliException.Usage("--current-root is the root whose keys sign the bundle: give them with --sign-key");
            }

            var signature = signKeys.Length == 0 ? null
                : currentRoot is null ? BundleSignature.Prepare(signKeys, rootBytes, rootPath)
                : BundleSignature.Prepare(signKeys, InputFiles.Read(currentRoot, EnvelopeVerifier.MaxEnvelopeBytes), currentRoot);

            byte[]? manifest = null;
            TrustedManifest? bootstrap = null;
            if (parse.GetValue(manifestOption) is { } manifestPath)
            {
                manifest = InputFiles.Read(manifestPath, EnvelopeVerifier.MaxEnvelopeBytes);
                try
                {
                    bootstrap = new ManifestVerifier(device, groups, TimeProvider.System).Verify(TrustState.FromRoot(rootBytes), "bootstrap", manifest);
                }
                catch (Exception ex) when (ex is TrustException or EdgeAgent.Core.Manifests.ManifestException)
                {
                    var reason = (ex is TrustException trust ? trust.Reason : RejectionReason.InvalidManifest).Code();
                    throw CliException.Failed($"{manifestPath}: the device would refuse this bootstrap manifest ({reason}): {ex.Message}");
                }
            }

            // Checked before anything is written: a bundle that cannot start offline is not made.
            var images = parse.GetValue(imagesOption) ?? [];
            var carried = images.Length > 0 ? await ImageBundle.InspectAsync(parse.GetValue(dockerOption)!, images, cancellationToken).ConfigureAwait(false) : [];
            if (bootstrap is not null)
            {
                foreach (var warning in BootstrapImages.Check(bootstrap.Manifest, carried))
                {
                    await Console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
                }
            }

            // Checked before anything is written: a bundle the device would refuse at first boot is not made.
            var agentJson = AgentJson(device, groups, brokers, protocol, manifest is not null);
            var caPem = new FileInfo(Path.Combine(parse.GetValue(caOption)!, "ca.pem"));
            BundleContents.Check(outDir, [
                new("device.pem", 0), new("device.key", 0), // issued below: a few hundred bytes each
                new("ca.pem", caPem.Exists ? caPem.Length : 0), new("root.json", rootBytes.Length), new("agent.json", agentJson.Length),
                .. manifest is null ? Array.Empty<BundleFile>() : [new("bootstrap.dsse.json", manifest.Length)],
                .. images.Length == 0 ? Array.Empty<BundleFile>() : [new(ImageBundle.FileName, 0)], // its size is checked as it is saved
            ]);

            var created = !Directory.Exists(outDir);
            Directory.CreateDirectory(outDir);
            if (images.Length > 0)
            {
                // First, so that images too large for the device leave --out as it was.
                await ImageBundle.SaveAsync(parse.GetValue(dockerOption)!, images, Path.Combine(outDir, ImageBundle.FileName), created, cancellationToken).ConfigureAwait(false);
            }

            CaCommands.Issue(parse.GetValue(caOption)!, device, "device", [], 825, outDir);
            File.Move(Path.Combine(outDir, device + ".pem"), Path.Combine(outDir, "device.pem"), overwrite: true);
            File.Move(Path.Combine(outDir, device + ".key"), Path.Combine(outDir, "device.key"), overwrite: true);
            File.Copy(Path.Combine(parse.GetValue(caOption)!, "ca.pem"), Path.Combine(outDir, "ca.pem"), overwrite: true);
            KeyFiles.WriteOutput(Path.Combine(outDir, "root.json"), rootBytes);
            if (manifest is not null)
            {
                KeyFiles.WriteOutput(Path.Combine(outDir, "bootstrap.dsse.json"), manifest);
            }

            KeyFiles.WriteOutput(Path.Combine(outDir, "agent.json"), agentJson);

            // A signature left from an earlier bundle in --out would sign other checksums: replaced or removed.
            var sums = BundleChecksums.Write(outDir);
            if (signature is not null)
            {
                KeyFiles.WriteOutput(Path.Combine(outDir, BundleSignature.FileName), signature.Sign(sums));
            }
            else
            {
                File.Delete(Path.Combine(outDir, BundleSignature.FileName));
            }

            Console.WriteLine($"provisioned {device} in {outDir}: device.pem, device.key, ca.pem, root.json, agent.json{(manifest is null ? "" : ", bootstrap.dsse.json")}{(images.Length == 0 ? "" : ", " + ImageBundle.FileName)}, {BundleChecksums.FileName}{(signature is null ? "" : ", " + BundleSignature.FileName)}");
            var member = new FleetMember(device, groups);
            if (groups.Length > 0)
            {
                Console.WriteLine("broker ACL lines for its groups (append to edgeagent.acl and reload mosquitto):");
                foreach (var line in MosquittoGroupLines.For(member))
                {
                    Console.WriteLine(line);
                }
            }

            Console.WriteLine("NATS user entry (add to the authorization file's users, or regenerate it with `edgectl broker authorization`):");
            Console.WriteLine(NatsAuthorization.DeviceEntry(member));

            return 0;
        });
        return new Command("device", "Devices of the fleet") { provision };
    }

    private static byte[] AgentJson(string device, string[] groups, IReadOnlyList<BrokerEndpoint> brokers, BrokerProtocol protocol, bool bootstrap)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("deviceId", device);
            json.WriteStartArray("groups");
            foreach (var group in groups)
            {
                json.WriteStringValue(group);
            }

            json.WriteEndArray();
            json.WriteString("stateDir", "/var/lib/edge-agent");
            json.WriteString("trustRoot", $"{ConfigDir}/root.json");
            if (bootstrap)
            {
                json.WriteString("manifestFile", $"{ConfigDir}/bootstrap.dsse.json");
            }
            else
            {
                json.WriteNull("manifestFile");
            }

            json.WriteStartObject("broker");
            if (brokers.Count == 1)
            {
                json.WriteString("url", brokers[0].Url);
            }
            else
            {
                json.WriteStartArray("urls");
                foreach (var broker in brokers)
                {
                    json.WriteStringValue(broker.Url);
                }

                json.WriteEndArray();
            }

            if (protocol != BrokerProtocol.Mqtt5)
            {
                json.WriteString("protocol", protocol.Name());
            }

            json.WriteString("caFile", $"{ConfigDir}/ca.pem");
            json.WriteString("certFile", $"{ConfigDir}/device.pem");
            json.WriteString("keyFile", $"{ConfigDir}/device.key");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
