namespace EdgeAgent.Core.Requests;

/// <summary>
/// Each request is answered once: its id is remembered until it expires. A restarted agent remembers
/// nothing, so it also refuses requests issued before it started (send them again): a request can
/// never be answered twice, whatever happens in between.
/// </summary>
public sealed class ReplayGuard(DateTimeOffset startedAt)
{
    /// <summary>Only signed requests get here, so the bound is never reached in practice; it keeps memory flat if it is.</summary>
    private const int MaxRemembered = 4096;

    private readonly Dictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    public string? Refusal(OperatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IssuedAt < startedAt)
        {
            return $"request {request.Id} was issued at {request.IssuedAt:O}, before this agent started ({startedAt:O}); send it again";
        }

        return seen.ContainsKey(request.Id) ? $"request {request.Id} was already answered" : null;
    }

    public void Remember(OperatorRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var expired in seen.Where(s => s.Value <= now).Select(s => s.Key).ToList())
        {
            seen.Remove(expired);
        }

        while (seen.Count >= MaxRemembered)
        {
            seen.Remove(seen.MinBy(s => s.Value).Key);
        }

        seen[request.Id] = request.ExpiresAt;
    }
}
