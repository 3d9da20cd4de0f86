using EdgeAgent.Core.Abstractions;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Manifests;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Admission;

public sealed class PolicyAdmissionTests
{
    private const string Digest = "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>Symlinks as a table: /srv/edge/escape points at /etc.</summary>
    private sealed class FakePaths : IPathResolver
    {
        public string Resolve(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == ".." && parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (part is not ("." or ".."))
                {
                    parts.Add(part);
                }
            }

            var normal = "/" + string.Join('/', parts);
            if (normal.StartsWith("/srv/edge/loop", StringComparison.Ordinal))
            {
                throw new UnresolvablePathException("too many levels of symbolic links (a loop?)");
            }

            return normal.StartsWith("/srv/edge/escape", StringComparison.Ordinal) ? "/etc" + normal["/srv/edge/escape".Length..] : normal;
        }
    }

    private static IReadOnlyList<PolicyViolation> Evaluate(AppSpec app, AdmissionPolicy? policy = null) =>
        new PolicyAdmission(policy ?? new AdmissionPolicy(), new FakePaths()).Evaluate(Manifest(("web", app)));

    private static AppSpec Pinned => App(image: "registry.example/web" + Digest);

    [Fact]
    public void A_pinned_plain_app_is_admitted()
    {
        Assert.Empty(Evaluate(Pinned));
    }

    public static TheoryData<string, AppSpec, string, string> Denied() => new()
    {
        { "no digest", App(image: "registry.example/web:1"), "image-digest-required", "$.spec.apps.web.image" },
        { "privileged", Pinned with { Security = new SecuritySpec { Privileged = true } }, "privileged", "$.spec.apps.web.security.privileged" },
        { "host network", Pinned with { Security = new SecuritySpec { NetworkMode = "host" } }, "host-namespace", "$.spec.apps.web.security.networkMode" },
        { "host pid", Pinned with { Security = new SecuritySpec { PidMode = "host" } }, "host-namespace", "$.spec.apps.web.security.pidMode" },
        { "host ipc", Pinned with { Security = new SecuritySpec { IpcMode = "host" } }, "host-namespace", "$.spec.apps.web.security.ipcMode" },
        { "host uts", Pinned with { Security = new SecuritySpec { UtsMode = "host" } }, "host-namespace", "$.spec.apps.web.security.utsMode" },
        { "other container's pid ns", Pinned with { Security = new SecuritySpec { PidMode = "container:db" } }, "host-namespace", "$.spec.apps.web.security.pidMode" },
        { "device", Pinned with { Security = new SecuritySpec { Devices = ["/dev/mem"] } }, "device", "$.spec.apps.web.security.devices[0]" },
        { "capability", Pinned with { Security = new SecuritySpec { CapAdd = [Capability.Parse("SYS_ADMIN")] } }, "capability", "$.spec.apps.web.security.capAdd[0]" },
        { "docker socket", Pinned with { Binds = [new BindSpec { Source = "/var/run/docker.sock", Target = "/s" }] }, "docker-socket", "$.spec.apps.web.binds[0].source" },
        { "parent of docker socket", Pinned with { Binds = [new BindSpec { Source = "/run", Target = "/r" }] }, "docker-socket", "$.spec.apps.web.binds[0].source" },
        { "outside prefix", Pinned with { Binds = [new BindSpec { Source = "/etc", Target = "/e" }] }, "bind-prefix", "$.spec.apps.web.binds[0].source" },
        { "dot-dot escape", Pinned with { Binds = [new BindSpec { Source = "/srv/edge/../../etc", Target = "/e" }] }, "bind-prefix", "$.spec.apps.web.binds[0].source" },
        { "symlink escape", Pinned with { Binds = [new BindSpec { Source = "/srv/edge/escape/shadow", Target = "/e" }] }, "bind-prefix", "$.spec.apps.web.binds[0].source" },
        { "prefix lookalike", Pinned with { Binds = [new BindSpec { Source = "/srv/edge-evil", Target = "/e" }] }, "bind-prefix", "$.spec.apps.web.binds[0].source" },
        { "symlink loop", Pinned with { Binds = [new BindSpec { Source = "/srv/edge/loop/x", Target = "/e" }] }, "unresolvable-path", "$.spec.apps.web.binds[0].source" },
        { "device through a symlink loop", Pinned with { Security = new SecuritySpec { Devices = ["/srv/edge/loop"] } }, "unresolvable-path", "$.spec.apps.web.security.devices[0]" },
        { "OVSDB socket", Pinned with { Binds = [new BindSpec { Source = "/var/run/openvswitch", Target = "/o" }] }, "ovsdb-socket", "$.spec.apps.web.binds[0].source" },
        { "host in capitals", Pinned with { Security = new SecuritySpec { NetworkMode = "HOST" } }, "host-namespace", "$.spec.apps.web.security.networkMode" },
        { "host with a space", Pinned with { Security = new SecuritySpec { PidMode = " host" } }, "host-namespace", "$.spec.apps.web.security.pidMode" },
        { "namespace by path", Pinned with { Security = new SecuritySpec { NetworkMode = "ns:/proc/1/ns/net" } }, "host-namespace", "$.spec.apps.web.security.networkMode" },
        { "container in capitals", Pinned with { Security = new SecuritySpec { IpcMode = "Container:db" } }, "host-namespace", "$.spec.apps.web.security.ipcMode" },
    };

    [Theory]
    [MemberData(nameof(Denied))]
    public void Risky_settings_are_denied_with_reason_and_path(string name, AppSpec app, string rule, string path)
    {
        var violation = Assert.Single(Evaluate(app));
        Assert.True(violation.Rule == rule && violation.Path == path, $"{name}: got {violation}");
    }

    [Fact]
    public void Bind_sources_are_replaced_by_the_paths_policy_checked()
    {
        var admission = new PolicyAdmission(new AdmissionPolicy(), new FakePaths());
        var manifest = Manifest(("web", Pinned with { Binds = [new BindSpec { Source = "/srv/edge/data/../config/./x", Target = "/c" }] }));
        Assert.Equal("/srv/edge/config/x", admission.WithResolvedBinds(manifest).Spec.Apps["web"].Binds[0].Source);
    }

    [Fact]
    public void Allowed_settings_pass()
    {
        var policy = new AdmissionPolicy { RequireDigest = false, AllowedCapAdd = ["net_admin"], AllowedDevices = ["/dev/ttyUSB0"] };
        var app = App(image: "web:1") with
        {
            Binds = [new BindSpec { Source = "/srv/edge/data/../config", Target = "/c" }],
            Security = new SecuritySpec { CapAdd = [Capability.Parse("CAP_NET_ADMIN")], Devices = ["/dev/ttyUSB0"] },
        };
        Assert.Empty(Evaluate(app, policy));
    }

    [Fact]
    public void Privileged_and_host_namespaces_only_where_the_policy_says_so()
    {
        var app = App(image: "web:1") with { Security = new SecuritySpec { Privileged = true, NetworkMode = "host", PidMode = "host" } };

        Assert.Equal(3, Evaluate(app, new AdmissionPolicy { RequireDigest = false }).Count);
        Assert.Equal(2, Evaluate(app, new AdmissionPolicy { RequireDigest = false, AllowPrivileged = true }).Count);
        Assert.Single(Evaluate(app, new AdmissionPolicy { RequireDigest = false, AllowHostNamespaces = true }));
        Assert.Empty(Evaluate(app, new AdmissionPolicy { RequireDigest = false, AllowPrivileged = true, AllowHostNamespaces = true }));
    }

    public static TheoryData<string, string> ConfiguredPaths() => new()
    {
        { "/srv/edge/docker/api.sock", "docker-socket" },
        { "/srv/edge/docker", "docker-socket" },
        { "/srv/edge/ovs/db.sock", "ovsdb-socket" },
        { "/srv/edge/agent/state", "agent-state" },
        { "/srv/edge/agent", "agent-state" },
    };

    [Theory]
    [MemberData(nameof(ConfiguredPaths))]
    public void The_sockets_and_files_the_agent_is_configured_with_are_never_bindable_even_under_an_allowed_prefix(string source, string rule)
    {
        var policy = new AdmissionPolicy
        {
            ProtectedPaths =
            [
                .. new AdmissionPolicy().ProtectedPaths,
                ProtectedPath.DockerSocket("/srv/edge/docker/api.sock"),
                ProtectedPath.OvsdbSocket("/srv/edge/ovs/db.sock"),
                ProtectedPath.AgentFiles("/srv/edge/agent/state"),
            ],
        };
        var violation = Assert.Single(Evaluate(Pinned with { Binds = [new BindSpec { Source = source, Target = "/x" }] }, policy));
        Assert.Equal((rule, "$.spec.apps.web.binds[0].source"), (violation.Rule, violation.Path));
        Assert.Empty(Evaluate(Pinned with { Binds = [new BindSpec { Source = "/srv/edge/data", Target = "/x" }] }, policy));
    }
}
