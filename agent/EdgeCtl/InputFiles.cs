namespace EdgeCtl;

internal static class InputFiles
{
    public static byte[] Read(string path, int maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > maxBytes)
            {
                throw CliException.Usage($"{path}: {info.Length} bytes, more than the limit of {maxBytes}");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot read: {ex.Message}");
        }
    }
}
