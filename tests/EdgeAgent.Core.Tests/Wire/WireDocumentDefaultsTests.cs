using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EdgeAgent.Core.Execution;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Manifests;
using EdgeAgent.Core.Reconciliation;
using EdgeAgent.Core.Reporting;
using EdgeAgent.Core.Requests;
using EdgeAgent.Core.Rollouts;
using EdgeAgent.Core.SelfUpdate;

namespace EdgeAgent.Core.Tests.Wire;

/// <summary>
/// Every type of every wire and state context, read from its minimal document (only what it requires):
/// nothing the type promises is null and an absent member reads as the type's own default. System.Text.Json's
/// source generator passes null (or 0) for an absent init-only property, overriding its initializer, so a
/// record that leaves a collection to its initializer hands readers a null (an answer chunk without lines
/// crashed edgectl). The types come from the contexts themselves, so a type added later is covered too.
/// </summary>
public sealed class WireDocumentDefaultsTests
{
    private static readonly JsonSerializerContext[] Contexts =
    [
        FleetJsonContext.Default,
        RequestJsonContext.Default,
        RolloutJsonContext.Default,
        TrustJsonContext.Default,
        ManifestJsonContext.Default,
        CrashLoopJsonContext.Default,
        RollbackJsonContext.Default,
        ImageLedgerJsonContext.Default,
        OvsStateJsonContext.Default,
        SelfUpdateJsonContext.Default,
    ];

    /// <summary>
    /// The status, event and rollout documents edgectl and the dashboard read from devices keep JSON nulls out of
    /// the parser's hands on purpose: ReportShape and RolloutRecord.Problems() refuse them naming the path, in the
    /// texts tests/corpus/reports and rollout-records pin. Every other context refuses them as JSON errors.
    /// </summary>
    private static readonly Type[] CheckedByTheirReaders = [typeof(FleetJsonContext), typeof(RolloutJsonContext)];

    public static TheoryData<string, string> Types() => TypesOf(Contexts);

    public static TheoryData<string, string> StrictTypes() => TypesOf([.. Contexts.Where(c => !CheckedByTheirReaders.Contains(c.GetType()))]);

    private static TheoryData<string, string> TypesOf(IEnumerable<JsonSerializerContext> contexts)
    {
        var data = new TheoryData<string, string>();
        foreach (var context in contexts)
        {
            foreach (var info in TypeInfos(context))
            {
                data.Add(context.GetType().Name, TypeName(info.Type));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_minimal_document_reads_with_nothing_promised_null_and_absent_members_at_their_defaults(string contextName, string typeName)
    {
        var info = Find(contextName, typeName);
        var document = WireSamples.Minimal(info, out var written);

        var read = JsonSerializer.Deserialize(document, info);

        Assert.NotNull(read);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var fresh = info.Type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(info.Type) : null;
        foreach (var property in info.Properties.Where(p => p.Get is not null && (p.Set is not null || p.AssociatedParameter is not null)))
        {
            var value = property.Get!(read);
            var nonNullable = !property.PropertyType.IsValueType && !property.IsGetNullable;
            Assert.False(nonNullable && value is null, $"{typeName}.{property.Name} is null after reading {document}");
            if (fresh is not null && !written.Contains(property.Name))
            {
                var expected = property.Get(fresh);
                Assert.True(
                    property.PropertyType.IsValueType ? Equals(expected, value) : (expected is null) == (value is null),
                    $"{typeName}.{property.Name}: absent, it reads as {value ?? "null"} instead of its default {expected ?? "null"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(StrictTypes))]
    public void A_document_without_a_required_member_or_with_null_where_a_value_is_promised_is_a_json_error(string contextName, string typeName)
    {
        var info = Find(contextName, typeName);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var document = JsonNodeOf(WireSamples.Minimal(info, out _));
        foreach (var property in info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null))
        {
            if (WireSamples.IsRequired(property))
            {
                var without = document.DeepClone().AsObject();
                without.Remove(property.Name);
                var ex = Record.Exception(() => JsonSerializer.Deserialize(without.ToJsonString(), info));
                Assert.True(ex is JsonException, $"{typeName}.{property.Name}: absent, read without an error ({ex?.GetType().Name ?? "none"})");
            }

            if (!property.PropertyType.IsValueType && !property.IsSetNullable)
            {
                var nulled = document.DeepClone().AsObject();
                nulled[property.Name] = null;
                var error = Record.Exception(() => JsonSerializer.Deserialize(nulled.ToJsonString(), info));
                Assert.True(error is JsonException, $"{typeName}.{property.Name}: null read without an error ({error?.GetType().Name ?? "none"})");
            }
        }
    }

    private static System.Text.Json.Nodes.JsonNode JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;

    private static JsonTypeInfo Find(string contextName, string typeName) =>
        TypeInfos(Contexts.Single(c => c.GetType().Name == contextName)).Single(i => TypeName(i.Type) == typeName);

    /// <summary>The generated JsonTypeInfo properties: one per type the context reads or writes.</summary>
    private static IEnumerable<JsonTypeInfo> TypeInfos(JsonSerializerContext context) =>
        context.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(JsonTypeInfo).IsAssignableFrom(p.PropertyType))
            .Select(p => (JsonTypeInfo)p.GetValue(context)!)
            .Where(i => !i.Type.IsPrimitive && i.Type != typeof(string) && Nullable.GetUnderlyingType(i.Type) is null);

    private static string TypeName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var builder = new StringBuilder(type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]);
        builder.Append('<').AppendJoin(',', type.GetGenericArguments().Select(TypeName)).Append('>');
        return builder.ToString();
    }
}
