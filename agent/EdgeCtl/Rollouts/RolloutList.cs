using System.Globalization;
using System.Text.Json;
using EdgeAgent.Core.Intake;
using EdgeAgent.Core.Rollouts;

namespace EdgeCtl.Rollouts;

/// <summary>`edgectl rollout status` without an id: every usable rollout record retained on the broker (each unusable one named on standard error).</summary>
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
            var unusable = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var gate = new Lock();
            var settle = new RetainedSettle();
            await connection.SubscribeAsync([Topics.AllRollouts], (topic, payload) =>
            {
                settle.Touch();
                if (Topics.RolloutOf(topic) is not { } id)
                {
                    return;
                }

                // The rule `rollout status ID` and the dashboard read by: the list shows no record they call unusable.
                var (record, error) = RolloutRecord.ReadAt(id, null, payload);
                lock (gate)
                {
                    records.Remove(id);
                    unusable.Remove(id);
                    if (record is not null)
                    {
                        records[id] = record;
                    }
                    else if (error is not null)
                    {
                        unusable[id] = error;
                    }
                }
            }, cancellationToken).ConfigureAwait(false);

            await settle.WaitAsync(MaxCollect, cancellationToken).ConfigureAwait(false);

            lock (gate)
            {
                foreach (var error in unusable.Values)
                {
                    Console.Error.WriteLine($"edgectl: {TerminalText.Escape(error)}: not listed");
                }

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
}
