namespace EdgeAgent.Configuration;

/// <summary>
/// The login for one registry (agent.json `registries`): the password is not kept, its file is read
/// on every pull, so a rotated token needs no restart.
/// </summary>
internal sealed record RegistryCredential(string Registry, string Username, string PasswordFile);
