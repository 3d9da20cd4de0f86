namespace EdgeAgent.Core.Manifests;

/// <summary>Reads and writes <see cref="AppState"/> as "running" or "stopped".</summary>
public sealed class AppStateJsonConverter : TextValueJsonConverter<AppState>
{
    protected override bool TryParse(string text, out AppState value)
    {
        (var known, value) = text switch
        {
            "running" => (true, AppState.Running),
            "stopped" => (true, AppState.Stopped),
            _ => (false, default),
        };
        return known;
    }

    protected override string Refusal(string text) => "must be \"running\" or \"stopped\"";

    protected override string Format(AppState value) => value == AppState.Stopped ? "stopped" : "running";
}
