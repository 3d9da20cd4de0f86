using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeAgent.Ovs;

/// <summary>The RFC 7047 encodings of atoms, sets, maps and uuids, both ways.</summary>
internal static class OvsdbValues
{
    public static string Uuid(JsonElement value) => value[1].GetString()!;

    /// <summary>A set is ["set", [...]]; a one-element set may be the bare element.</summary>
    public static IEnumerable<JsonElement> Set(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2 && value[0].ValueKind == JsonValueKind.String && value[0].GetString() == "set"
            ? value[1].EnumerateArray().ToList()
            : [value];

    public static IReadOnlyList<string> UuidSet(JsonElement value) => [.. Set(value).Select(Uuid)];

    public static Dictionary<string, string> Map(JsonElement value) =>
        value[1].EnumerateArray().ToDictionary(pair => pair[0].ToString(), pair => pair[1].ToString(), StringComparer.Ordinal);

    public static int? OptionalInt(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetInt32() : Set(value).Select(e => (int?)e.GetInt32()).FirstOrDefault();

    // JsonArray is built from JsonNode arguments only: its collection-expression Add<T> would need
    // reflection metadata for string, which a NativeAOT build does not have.
    public static JsonArray Map(IReadOnlyDictionary<string, string> map) =>
        new(Atom("map"), new JsonArray([.. map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (JsonNode)new JsonArray(Atom(kv.Key), Atom(kv.Value)))]));

    public static JsonArray SetOf(IEnumerable<JsonNode> items) => new(Atom("set"), new JsonArray([.. items]));

    public static JsonNode Atom(string value) => JsonValue.Create(value);

    public static JsonNode OptionalInt(int? value) => value is { } v ? JsonValue.Create(v) : SetOf([]);

    public static JsonArray UuidRef(string uuid) => new(Atom("uuid"), Atom(uuid));

    public static JsonArray NamedUuid(string name) => new(Atom("named-uuid"), Atom(name));

    public static JsonArray Where(string uuid) => new(new JsonArray(Atom("_uuid"), Atom("=="), UuidRef(uuid)));
}
