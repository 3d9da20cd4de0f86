using EdgeAgent.Shared;

namespace EdgeCtl;

internal static class InputFiles
{
    public static byte[] Read(string path, int maxBytes)
    {
        try
        {
            return RegularFile.ReadAllBytes(path, maxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The message names the file already.
            throw CliException.Usage($"cannot read {ex.Message}");
        }
    }
}
