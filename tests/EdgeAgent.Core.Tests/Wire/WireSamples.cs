using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Tests.Wire;

/// <summary>The smallest JSON document a type accepts, from its contract: only the members it requires, each at its simplest value (the
/// manifest's value types with their own converters at a simple valid one).</summary>
internal static class WireSamples
{
    /// <summary>A member a writer must write: `required`, or a constructor parameter without a default.</summary>
    public static bool IsRequired(JsonPropertyInfo property) =>
        property.IsRequired || property.AssociatedParameter is { IsMemberInitializer: false, HasDefaultValue: false };

    public static string Minimal(JsonTypeInfo info, out IReadOnlySet<string> written)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        written = names;
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return Value(info, 0);
        }

        var builder = new StringBuilder("{");
        foreach (var property in info.Properties.Where(IsRequired))
        {
            builder.Append(names.Count == 0 ? "" : ",").Append(JsonSerializer.Serialize(property.Name)).Append(':')
                .Append(Value(info.Options.GetTypeInfo(property.PropertyType), 1));
            names.Add(property.Name);
        }

        return builder.Append('}').ToString();
    }

    private static string Value(JsonTypeInfo info, int depth)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "[]",
            JsonTypeInfoKind.Dictionary => "{}",
            JsonTypeInfoKind.Object when depth < 8 => Minimal(info, out _),
            _ when type == typeof(string) || type == typeof(DeviceName) || type == typeof(ByteSize) => "\"1\"",
            _ when type == typeof(Capability) => "\"NET_ADMIN\"",
            _ when type == typeof(JsonElement) => "{}",
            _ when type == typeof(RestartPolicy) => "\"no\"",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "\"2026-01-01T00:00:00Z\"",
            _ when type.IsEnum => JsonSerializer.Serialize(Enum.GetValues(type).GetValue(0), info.Options.GetTypeInfo(type)),
            _ when type.IsValueType => JsonSerializer.Serialize(Activator.CreateInstance(type), info.Options.GetTypeInfo(type)),
            _ => throw new NotSupportedException($"no sample for {info.Type}"),
        };
    }
}
