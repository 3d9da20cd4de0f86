using System.CommandLine;
using System.Security.Cryptography;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Intake;

namespace EdgeCtl.Commands;

/// <summary>`edgectl root init|rotate`: the fleet's trust root as a DSSE envelope.</summary>
internal static class RootCommands
{
    public static Command Build()
    {
        return new Command("root", "The trust root: which keys may sign roots and manifests") { Init(), Rotate(), PublishCommands.RootPublish() };
    }

    private static Command Init()
    {
        var options = new ContentOptions(required: true);
        var outOption = new Option<string>("--out") { Description = "Root envelope to write", Required = true };
        var command = new Command("init", "Create root v1, signed by its own root keys (give them as private keys)") { outOption };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var rootKeys = options.RootKeys(parse)!;
            var manifestKeys = options.ManifestKeys(parse)!;
            var root = RootDocument.Create(
                1,
                rootKeys,
                options.RootThreshold(parse) ?? 1,
                manifestKeys,
                options.ManifestsThreshold(parse) ?? 1,
                DateTimeOffset.UtcNow + Durations.Parse(parse.GetValue(options.Expires) ?? "365d", "--expires"),
                options.RequestKeys(parse),
                options.RequestsThreshold(parse) ?? 1);
            Validate(root);
            var signers = rootKeys.Where(KeyFiles.HasPrivate).ToList();
            var envelope = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), signers));
            try
            {
                RootChain.VerifyInitial(envelope);
            }
            catch (TrustException ex)
            {
                throw CliException.Failed($"root v1 would not be trusted ({ex.Reason.Code()}): {ex.Message}; give at least --root-threshold of the --root-key files as private keys");
            }

            KeyFiles.WriteOutput(parse.GetValue(outOption)!, envelope);
            Console.WriteLine($"root v1: {root.Roles[RootDocument.RootRole].Keyids.Count} root key(s), threshold {root.Roles[RootDocument.RootRole].Threshold}; {root.Roles[RootDocument.ManifestsRole].Keyids.Count} manifests key(s), threshold {root.Roles[RootDocument.ManifestsRole].Threshold}; {(root.Roles.TryGetValue(RootDocument.RequestsRole, out var requests) ? $"{requests.Keyids.Count} requests key(s), threshold {requests.Threshold}" : "no requests role (devices refuse operator requests)")}; expires {root.ExpiresAt:O}");
            return 0;
        });
        return command;
    }

    private static Command Rotate()
    {
        var options = new ContentOptions(required: false);
        var rootOption = new Option<string>("--root") { Description = "The current root envelope (version N)", Required = true };
        var signOption = new Option<string[]>("--sign-key") { Description = "Private keys to sign with: a threshold of the old root keys and of the new ones", Required = true, AllowMultipleArgumentsPerToken = true };
        var outOption = new Option<string>("--out") { Description = "New root envelope (version N+1) to write", Required = true };
        var command = new Command("rotate", "Create root N+1 from root N: replace keys, thresholds or expiry") { rootOption, signOption, outOption };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var oldEnvelope = InputFiles.Read(parse.GetValue(rootOption)!, EnvelopeVerifier.MaxEnvelopeBytes);
            RootDocument old;
            try
            {
                old = RootValidator.Parse(RootChain.DecodePayloadUnverified(oldEnvelope));
            }
            catch (TrustException ex)
            {
                throw CliException.Usage($"{parse.GetValue(rootOption)}: {ex.Message}");
            }

            var rootKeys = options.RootKeys(parse);
            var manifestKeys = options.ManifestKeys(parse);
            var root = new RootDocument
            {
                ApiVersion = old.ApiVersion,
                Kind = old.Kind,
                Version = old.Version + 1,
                ExpiresAt = parse.GetValue(options.Expires) is { } expires ? DateTimeOffset.UtcNow + Durations.Parse(expires, "--expires") : old.ExpiresAt,
                Keys = new Dictionary<string, RootKey>(),
                Roles = new Dictionary<string, RoleDefinition>(),
            };
            var keys = new Dictionary<string, RootKey>(StringComparer.Ordinal);
            RoleDefinition Role(string name, ECDsa[]? newKeys, int? threshold)
            {
                var keyids = newKeys is null ? old.Role(name).Keyids : [.. newKeys.Select(KeyIds.Of)];
                foreach (var keyid in keyids)
                {
                    keys[keyid] = newKeys?.Where(k => KeyIds.Of(k) == keyid).Select(RootKey.For).First() ?? old.Keys[keyid];
                }

                return new RoleDefinition { Keyids = keyids, Threshold = threshold ?? old.Role(name).Threshold };
            }

            var roles = new Dictionary<string, RoleDefinition>
            {
                [RootDocument.RootRole] = Role(RootDocument.RootRole, rootKeys, options.RootThreshold(parse)),
                [RootDocument.ManifestsRole] = Role(RootDocument.ManifestsRole, manifestKeys, options.ManifestsThreshold(parse)),
            };
            var requestKeys = options.RequestKeys(parse);
            if (requestKeys is not null || old.Roles.ContainsKey(RootDocument.RequestsRole))
            {
                // Kept from root N unless replaced; added by --requests-key (devices must run an agent that knows the role first).
                roles[RootDocument.RequestsRole] = requestKeys is not null && !old.Roles.ContainsKey(RootDocument.RequestsRole)
                    ? new RoleDefinition { Keyids = [.. requestKeys.Select(KeyIds.Of)], Threshold = options.RequestsThreshold(parse) ?? 1 }
                    : Role(RootDocument.RequestsRole, requestKeys, options.RequestsThreshold(parse));
                foreach (var key in requestKeys ?? [])
                {
                    keys[KeyIds.Of(key)] = RootKey.For(key);
                }
            }

            // A role a newer edgectl added is carried to root N+1 as it is, keys included: rotating with an
            // older edgectl must not drop what it does not know (agents that do not know it ignore it).
            foreach (var (name, role) in old.Roles.Where(r => !roles.ContainsKey(r.Key)))
            {
                roles[name] = role;
                foreach (var keyid in role.Keyids.Where(old.Keys.ContainsKey))
                {
                    keys[keyid] = old.Keys[keyid];
                }
            }

            root = root with { Roles = roles, Keys = keys };
            Validate(root);
            var signers = parse.GetValue(signOption)!.Select(KeyFiles.ReadPrivate).ToList();
            var envelope = DsseSigner.Serialize(DsseSigner.Sign(PayloadTypes.Root, DsseSigner.Serialize(root), signers));
            try
            {
                RootChain.Rotate(old, [envelope], DateTimeOffset.UtcNow);
            }
            catch (TrustException ex)
            {
                throw CliException.Failed($"devices would refuse root v{root.Version} ({ex.Reason.Code()}): {ex.Message}");
            }

            KeyFiles.WriteOutput(parse.GetValue(outOption)!, envelope);
            Console.WriteLine($"root v{old.Version} -> v{root.Version}: signed by {signers.Count} key(s); expires {root.ExpiresAt:O}");
            return 0;
        });
        return command;
    }

    private static void Validate(RootDocument root)
    {
        try
        {
            RootValidator.Validate(root);
        }
        catch (TrustException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    /// <summary>The content options shared by init and rotate (README "edgectl, the operator CLI").</summary>
    private sealed class ContentOptions(bool required)
    {
        public Option<string[]> RootKey { get; } = new("--root-key") { Description = "Root role keys (private or public PEM)", Required = required, AllowMultipleArgumentsPerToken = true };
        public Option<int?> RootThresholdOption { get; } = new("--root-threshold") { Description = "Root signatures required" };
        public Option<string[]> ManifestsKey { get; } = new("--manifests-key") { Description = "Manifests role keys (private or public PEM)", Required = required, AllowMultipleArgumentsPerToken = true };
        public Option<int?> ManifestsThresholdOption { get; } = new("--manifests-threshold") { Description = "Manifest signatures required" };
        public Option<string[]> RequestsKey { get; } = new("--requests-key") { Description = "Requests role keys: sign operator requests such as `edgectl logs` (optional)", AllowMultipleArgumentsPerToken = true };
        public Option<int?> RequestsThresholdOption { get; } = new("--requests-threshold") { Description = "Request signatures required" };
        public Option<string?> Expires { get; } = new("--expires") { Description = "Lifetime from now, e.g. 365d (init default 365d; rotate keeps the old expiry)" };

        public void AddTo(Command command)
        {
            command.Options.Add(RootKey);
            command.Options.Add(RootThresholdOption);
            command.Options.Add(ManifestsKey);
            command.Options.Add(ManifestsThresholdOption);
            command.Options.Add(RequestsKey);
            command.Options.Add(RequestsThresholdOption);
            command.Options.Add(Expires);
        }

        public ECDsa[]? RootKeys(ParseResult parse) => parse.GetValue(RootKey) is { Length: > 0 } paths ? [.. paths.Select(KeyFiles.Read)] : null;

        public ECDsa[]? ManifestKeys(ParseResult parse) => parse.GetValue(ManifestsKey) is { Length: > 0 } paths ? [.. paths.Select(KeyFiles.Read)] : null;

        public int? RootThreshold(ParseResult parse) => parse.GetValue(RootThresholdOption);

        public int? ManifestsThreshold(ParseResult parse) => parse.GetValue(ManifestsThresholdOption);

        public ECDsa[]? RequestKeys(ParseResult parse) => parse.GetValue(RequestsKey) is { Length: > 0 } paths ? [.. paths.Select(KeyFiles.Read)] : null;

        public int? RequestsThreshold(ParseResult parse) => parse.GetValue(RequestsThresholdOption);
    }
}
