using EdgeAgent.Configuration;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Docker.Engine;
using EdgeAgent.Shared;

namespace EdgeAgent.Docker;

/// <summary>
/// The login Docker should use to pull an image: the agent.json credential of the image's registry,
/// its password read from the file on every pull (a rotated token needs no restart).
/// </summary>
internal sealed class RegistryAuth(IReadOnlyDictionary<string, RegistryCredential> registries)
{
    private const int MaxPasswordBytes = 16 << 10;

    public static RegistryAuth None { get; } = new(new Dictionary<string, RegistryCredential>());

    /// <summary>The registry part of a repository ("docker.io" when the name has none), lowercase.</summary>
    public static string RegistryOf(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : repository[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? first.ToLowerInvariant()
            : "docker.io";
    }

    /// <summary>The credential configured for <paramref name="repository"/>'s registry, if any.</summary>
    public RegistryCredential? CredentialFor(string repository) =>
        registries.TryGetValue(RegistryOf(repository), out var credential) ? credential : null;

    /// <summary>Docker's auth for a pull; null when no login is configured for that registry.</summary>
    public RegistryLogin? For(string repository)
    {
        if (CredentialFor(repository) is not { } credential)
        {
            return null;
        }

        string password;
        try
        {
            password = RegularFile.ReadAllText(credential.PasswordFile, MaxPasswordBytes).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StepFailedException(FailureKind.Terminal, $"registries.{credential.Registry}.passwordFile {credential.PasswordFile}: {ex.Message}", ex);
        }

        return new RegistryLogin(credential.Username, password, credential.Registry);
    }
}
