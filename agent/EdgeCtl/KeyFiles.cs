using System.Security.Cryptography;
using System.Text;
using EdgeAgent.Shared;

namespace EdgeCtl;

/// <summary>ECDSA P-256 keys as PEM files: private keys PKCS#8 (mode 0600), public keys SubjectPublicKeyInfo.</summary>
internal static class KeyFiles
{
    public static ECDsa Read(string path)
    {
        string pem;
        try
        {
            pem = RegularFile.ReadAllText(path, 1 << 20);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot read: {ex.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw CliException.Usage($"{path}: not a PEM ECDSA key: {ex.Message}");
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw CliException.Usage($"{path}: an ECDSA P-256 key is required, this one has {key.KeySize} bits");
        }

        return key;
    }

    /// <summary>A key that can sign: the file must hold the private key.</summary>
    public static ECDsa ReadPrivate(string path)
    {
        var key = Read(path);
        try
        {
            key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw CliException.Usage($"{path}: a private key is needed to sign, this file holds only a public key");
        }
    }

    public static bool HasPrivate(ECDsa key)
    {
        try
        {
            key.ExportParameters(includePrivateParameters: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static void WritePrivate(ECDsa key, string path, bool force) =>
        Write(path, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite, force);

    public static void WritePublic(ECDsa key, string path, bool force) =>
        Write(path, key.ExportSubjectPublicKeyInfoPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, force);

    public static void WriteOutput(string path, byte[] content, bool force = true)
    {
        try
        {
            var options = new FileStreamOptions { Mode = force ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write };
            using var stream = new FileStream(path, options);
            stream.Write(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot write: {ex.Message}");
        }
    }

    private static void Write(string path, string pem, UnixFileMode mode, bool force)
    {
        try
        {
            // Created with its final mode: a private key is never readable by others, not even briefly.
            var options = new FileStreamOptions { Mode = force ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
            using (var stream = new FileStream(path, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(pem + "\n"));
            }

            File.SetUnixFileMode(path, mode);
        }
        catch (IOException ex) when (File.Exists(path) && !force)
        {
            throw CliException.Usage($"{path}: already exists (pass --force to overwrite): {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"{path}: cannot write: {ex.Message}");
        }
    }
}
