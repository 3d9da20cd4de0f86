using System.Text.Json;

namespace EdgeAgent.Core.Manifests;

/// <summary>Strict manifest parsing followed by semantic validation.</summary>
public static class ManifestParser
{
    /// <summary>Manifests larger than this are refused before any parsing.</summary>
    public const int MaxManifestBytes = 256 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };

    /// <summary>Parses and validates; throws <see cref="ManifestException"/> naming every bad field.</summary>
    public static Manifest Parse(ReadOnlySpan<byte> utf8Json)
    {
        var manifest = ParseSyntax(utf8Json);
        var errors = ManifestValidator.Validate(manifest);
        if (errors.Count > 0)
        {
            throw new ManifestException(errors);
        }

        return manifest;
    }

    /// <summary>Parses without semantic validation (strict JSON shape only).</summary>
    public static Manifest ParseSyntax(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxManifestBytes)
        {
            throw new ManifestException("$", $"manifest is {utf8Json.Length} bytes, more than the limit of {MaxManifestBytes}");
        }

        if (JsonNulls.FirstNull(utf8Json, ReaderOptions) is { } nullAt)
        {
            throw new ManifestException(nullAt, "null is not allowed: leave the key out, or give a value");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            var manifest = JsonSerializer.Deserialize(ref reader, ManifestJsonContext.Default.Manifest)
                ?? throw new ManifestException("$", "manifest is null");

            // Deserializing from a reader stops after one value: anything after it must be refused too.
            if (HasTrailingContent(ref reader))
            {
                throw new ManifestException("$", "content after the manifest's closing brace");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw new ManifestException(ex.Path ?? "$", JsonErrors.Describe(ex));
        }
    }

    private static bool HasTrailingContent(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return true; // not even JSON after the manifest
        }
    }

    public static byte[] Serialize(Manifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Default.Manifest);
}
