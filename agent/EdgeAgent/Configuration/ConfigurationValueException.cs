using System.Text.Json;

namespace EdgeAgent.Configuration;

/// <summary>
/// A value of agent.json that is not what its key takes; <see cref="AgentConfiguration"/> puts the
/// key (from the serializer's path) in front of <see cref="Problem"/>, which starts with its own
/// separator (": 'x' is not a whole number", " must be a JSON array ...").
/// </summary>
internal sealed class ConfigurationValueException : JsonException
{
    public ConfigurationValueException()
    {
    }

    public ConfigurationValueException(string problem)
        : base(problem) => Problem = problem;

    public ConfigurationValueException(string problem, Exception innerException)
        : base(problem, innerException) => Problem = problem;

    public string Problem { get; } = "";
}
