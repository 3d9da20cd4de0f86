using System.Globalization;
using EdgeAgent.Core.Manifests;

namespace EdgeAgent.Core.Admission;

/// <summary>
/// Space kept free on the filesystem of Docker's data root (agent.json `disk.reserve`): a size
/// ("2Gi") or a share of the filesystem ("10%"). A pull that would leave less free is refused.
/// </summary>
public sealed record DiskReserve(long? Bytes, double? Percent)
{
    /// <summary>The default: a tenth of the filesystem stays free.</summary>
    public static DiskReserve Default { get; } = new(null, 10);

    /// <summary>Unpacked layers take about twice their download; the download is kept until unpacked.</summary>
    public const int EstimateFactor = 3;

    public static bool TryParse(string? text, out DiskReserve reserve)
    {
        reserve = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.EndsWith('%'))
        {
            if (double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and < 100)
            {
                reserve = new DiskReserve(null, percent);
                return true;
            }

            return false;
        }

        if (ByteSize.TryParse(text, out var size))
        {
            reserve = new DiskReserve(size.Bytes, null);
            return true;
        }

        return false;
    }

    public long BytesOf(long total) => Bytes ?? (long)(total * (Percent ?? 0) / 100);

    /// <summary>Why a pull of <paramref name="download"/> bytes must not start, or null when it fits.</summary>
    public string? Refusal(string image, long download, long free, long total, string dataRoot)
    {
        var needed = download * EstimateFactor;
        var reserved = BytesOf(total);
        return free - needed >= reserved
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"disk-reserve: pulling {image} needs about {Mib(needed)} MiB ({Mib(download)} MiB to download, unpacked about twice that); {dataRoot} has {Mib(free)} MiB free and keeps {Mib(reserved)} MiB in reserve (disk.reserve {this})");
    }

    public override string ToString() => Bytes is { } bytes ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes" : (Percent ?? 0).ToString(CultureInfo.InvariantCulture) + "%";

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
