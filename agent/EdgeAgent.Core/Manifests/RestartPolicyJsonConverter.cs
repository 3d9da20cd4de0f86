namespace EdgeAgent.Core.Manifests;

/// <summary>Reads and writes a <see cref="RestartPolicy"/> as Docker writes it ("on-failure:3").</summary>
public sealed class RestartPolicyJsonConverter : TextValueJsonConverter<RestartPolicy>
{
    protected override bool TryParse(string text, out RestartPolicy value) => RestartPolicy.TryParse(text, out value);

    protected override string Refusal(string text) => "must be no, always, unless-stopped, on-failure or on-failure:N";

    protected override string Format(RestartPolicy value) => value.ToString();
}
