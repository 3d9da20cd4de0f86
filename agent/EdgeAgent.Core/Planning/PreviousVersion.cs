namespace EdgeAgent.Core.Planning;

/// <summary>
/// While a new version of an app is on probation its previous container is kept, stopped (or still
/// running, start-first), under a name no app can have (app names have no dots): Docker itself then
/// says which container is the rollback target, so a restart of the agent at any instant finds it.
/// </summary>
public static class PreviousVersion
{
    private const string Suffix = ".previous";

    public static string NameOf(string app) => app + Suffix;

    public static bool Is(ObservedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Name == NameOf(container.App);
    }
}
