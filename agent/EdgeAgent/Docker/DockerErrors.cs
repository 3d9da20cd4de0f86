using System.Net;
using System.Net.Sockets;
using EdgeAgent.Core.Abstractions;
using EdgeAgent.Docker.Engine;

namespace EdgeAgent.Docker;

/// <summary>Maps Docker client failures to terminal or retryable step failures.</summary>
internal static class DockerErrors
{
    public static StepFailedException Classify(Exception ex, string operation) => ex switch
    {
        StepFailedException step => step,
        DockerEngineException api when api.StatusCode is HttpStatusCode.BadRequest
            => new StepFailedException(FailureKind.Terminal, $"{operation}: Docker refused the request: {api.Message}", api),
        DockerEngineException api when api.StatusCode is HttpStatusCode.Conflict
            => new StepFailedException(FailureKind.Terminal, $"{operation}: conflict: {api.Message}", api),
        DockerEngineException api when api.StatusCode is HttpStatusCode.InternalServerError && IsRefusal(api.Message)
            => new StepFailedException(FailureKind.Terminal, $"{operation}: Docker refused the container's configuration: {api.Message}", api),
        DockerEngineException api
            => new StepFailedException(FailureKind.Retryable, $"{operation}: Docker answered {(int)api.StatusCode}: {api.Message}", api),
        HttpRequestException or IOException or SocketException or TimeoutException or TaskCanceledException
            => new StepFailedException(FailureKind.Retryable, $"{operation}: Docker daemon unreachable: {ex.Message}", ex),
        _ => new StepFailedException(FailureKind.Retryable, $"{operation}: {ex.Message}", ex),
    };

    /// <summary>Runs one Docker API call, classifying its failure.</summary>
    public static async Task CallAsync(string operation, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Classify(ex, operation);
        }
    }

    /// <summary>Runs one Docker API call, classifying its failure.</summary>
    public static async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Classify(ex, operation);
        }
    }

    public static bool IsNotFound(Exception ex) => ex is DockerEngineException { StatusCode: HttpStatusCode.NotFound };

    /// <summary>A 409 that means a container of this name exists (as opposed to any other conflict).</summary>
    public static bool IsNameInUse(DockerEngineException api) =>
        api.StatusCode is HttpStatusCode.Conflict && api.Message.Contains("is already in use", StringComparison.Ordinal);

    /// <summary>
    /// The 404 Docker answers when renaming (or connecting) a container its restart policy is
    /// restarting: the network sandbox is torn down between runs. Not "no such container".
    /// </summary>
    public static bool IsSandboxGone(DockerEngineException api) =>
        api.StatusCode is HttpStatusCode.NotFound && api.Message.StartsWith("sandbox ", StringComparison.Ordinal) && api.Message.EndsWith(" not found", StringComparison.Ordinal);

    /// <summary>
    /// Docker answers 500 both for a daemon in trouble and for a configuration the kernel or runtime
    /// refuses. These refusals come back the same on every retry, so they are reported at once.
    /// </summary>
    private static bool IsRefusal(string message) =>
        RefusalMarkers.Any(marker => message.Contains(marker, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] RefusalMarkers =
    [
        "OCI runtime create failed", "invalid argument", "Requested CPUs are not available", "invalid IPC mode",
        "invalid PID mode", "invalid UTS mode", "invalid network mode", "executable file not found", "no such file or directory",
    ];

}
