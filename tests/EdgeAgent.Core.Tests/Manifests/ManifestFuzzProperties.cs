using System.Text;
using CsCheck;
using EdgeAgent.Core.Admission;
using EdgeAgent.Core.Tests.Fakes;
using static EdgeAgent.Core.Tests.Fakes.TestManifests;

namespace EdgeAgent.Core.Tests.Manifests;

/// <summary>
/// Bounded fuzzing of the manifest boundary (parse, validate, admit, build desired state): whatever the
/// bytes, the gate answers admitted or rejected with reasons, and never throws.
/// </summary>
public sealed class ManifestFuzzProperties
{
    private static readonly ManifestGate Gate = new(new PolicyAdmission(new AdmissionPolicy { RequireDigest = false, AllowedBindPrefixes = ["/srv/edge"] }, new IdentityPaths()));

    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(ManifestJson(apps: """
        { "web": { "image": "edgeagent/busybox:1.35", "command": ["httpd", "-f"], "env": { "A": "1" },
                   "ports": [ { "host": 8080, "container": 80 } ], "binds": [ { "source": "/srv/edge/www", "target": "/www", "readOnly": true } ],
                   "resources": { "memory": "64Mi", "cpus": 0.5, "pidsLimit": 64 }, "logs": { "maxSize": "1Mi", "maxFiles": 2 },
                   "healthcheck": { "test": ["CMD", "true"], "intervalSeconds": 5 }, "dependsOn": ["db"] },
          "db": { "image": "edgeagent/busybox:1.35", "volumes": [ { "name": "data", "target": "/data" } ], "restartPolicy": "on-failure:3" } }
        """, networks: """{ "edge": { "subnet": "172.30.9.0/24", "mtu": 1400 } }"""));

    /// <summary>JSON fragments that stress a parser: numbers at the limits, wrong types, nesting, escapes.</summary>
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "0", "1e309", "-9223372036854775809", "18446744073709551616",
        "1.5", "\"\\u0000\"", "\"\\ud800\"", "\"../../etc\"", "\"/var/run/docker.sock\"", "\"sha256:\"", "[[[[[[[[[[",
        "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", "\"" + new string('x', 5000) + "\"", "\"9999999Gi\"", "\"-1Mi\"", "NaN", "//", "/*",
    ];

    private static bool Answers(byte[] input)
    {
        var result = Gate.Admit(input);
        return result.Accepted ? result.Desired is not null : result.Errors.Count > 0;
    }

    [Fact]
    public void The_valid_manifest_is_admitted()
    {
        Assert.True(Gate.Admit(Valid).Accepted, string.Join("; ", Gate.Admit(Valid).Errors));
    }

    [Fact]
    public void Random_byte_mutations_are_answered_never_thrown()
    {
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte).Array[1, 6]
            .Sample(
                mutations =>
                {
                    var mutated = (byte[])Valid.Clone();
                    foreach (var (index, value) in mutations)
                    {
                        mutated[index] = value;
                    }

                    return Answers(mutated);
                },
                iter: 3000);
    }

    [Fact]
    public void Spliced_json_fragments_are_answered_never_thrown()
    {
        Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, 40], Gen.Int[0, Fragments.Length - 1]).Array[1, 4]
            .Sample(
                splices =>
                {
                    var text = Encoding.UTF8.GetString(Valid);
                    foreach (var (at, cut, fragment) in splices)
                    {
                        var start = Math.Min(at, text.Length);
                        text = text[..start] + Fragments[fragment] + text[Math.Min(text.Length, start + cut)..];
                    }

                    return Answers(Encoding.UTF8.GetBytes(text));
                },
                iter: 3000);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void Deep_nesting_is_refused_not_a_stack_overflow(int depth)
    {
        var text = Encoding.UTF8.GetString(Valid).Replace("\"command\": [\"httpd\", \"-f\"]", "\"command\": " + new string('[', depth) + new string(']', depth), StringComparison.Ordinal);
        Assert.False(Gate.Admit(Encoding.UTF8.GetBytes(text)).Accepted);
    }
}
