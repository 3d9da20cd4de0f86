using System.Net;

namespace EdgeAgent.Docker.Engine;

/// <summary>The Docker engine answered an error status; <see cref="Exception.Message"/> is the engine's own message.</summary>
internal sealed class DockerEngineException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
