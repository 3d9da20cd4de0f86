using System.Globalization;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;

namespace EdgeCtl.Rollouts;

/// <summary>`edgectl rollout status` without an id: every rollout record retained on the broker.</summary>
internal static class RolloutList
{
    private static readonly string[] Header = ["ROLLOUT", "GROUP", "VERSION", "PHASE", "WAVE", "DEVICES", "UPDATED"];
    private static readonly TimeSpan MaxCollect = TimeSpan.FromSeconds(5);

    public static async Task<int> PrintAsync(BrokerConnection connection, bool json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (connection.ConfigureAwait(false))
        {
            var records = new SortedDictionary<string, RolloutRecord>(StringComparer.Ordinal);
            var gate = new Lock();
            var settle = new RetainedSettle();
            await connection.SubscribeAsync([Topics.AllRollouts], (topic, payload) =>
            {
                settle.Touch();
                lock (gate)
                {
                    if (Topics.RolloutOf(topic) is { } id && payload.Length > 0 && TryRead(payload) is { } record && record.Id == id)
                    {
                        records[id] = record;
                    }
                }
            }, cancellationToken).ConfigureAwait(false);

            await settle.WaitAsync(MaxCollect, cancellationToken).ConfigureAwait(false);

            lock (gate)
            {
                Console.WriteLine(json ? Json(records.Values) : Table(records.Values));
            }
        }

        return 0;
    }

    private static string Table(IEnumerable<RolloutRecord> records)
    {
        var rows = new List<IReadOnlyList<string>> { Header };
        rows.AddRange(records.Select(r => new[]
        {
            r.Id,
            r.Group,
            $"v{r.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "?"} -> v{r.Version}",
            RolloutProgress.Phase(r.Phase),
            $"{r.Wave + 1}/{r.Waves.Count}",
            r.AllDevices.Count().ToString(CultureInfo.InvariantCulture),
            r.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }));
        if (rows.Count == 1)
        {
            return "no rollout on the broker";
        }

        return TerminalText.Table(rows);
    }

    private static string Json(IEnumerable<RolloutRecord> records) =>
        "[" + string.Join(",", records.Select(r => JsonSerializer.Serialize(r, RolloutJsonContext.Default.RolloutRecord))) + "]";

    private static RolloutRecord? TryRead(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, RolloutJsonContext.Default.RolloutRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
