using System.Globalization;

namespace EdgeAgent.Core.Rollouts;

/// <summary>
/// How far a wave reaches, cumulatively: a number of devices ("10") or a share of the group ("50%").
/// Also a failure threshold (`--max-failures 5%` or `2`).
/// </summary>
public readonly record struct WaveSize(double Amount, bool IsShare)
{
    public static bool TryParse(string? text, out WaveSize size)
    {
        size = default;
        var share = text?.EndsWith('%') == true;
        var digits = share ? text![..^1] : text;
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0 || (share && amount > 100) || (!share && amount != Math.Floor(amount)))
        {
            return false;
        }

        size = new WaveSize(amount, share);
        return true;
    }

    /// <summary>Devices out of <paramref name="total"/>: a share rounds up (1% of 10 devices is one device, not none).</summary>
    public int Of(int total) => Math.Min(total, IsShare ? (int)Math.Ceiling(total * Amount / 100 - 1e-9) : (int)Amount);

    public override string ToString() => IsShare ? $"{Amount.ToString(CultureInfo.InvariantCulture)}%" : Amount.ToString(CultureInfo.InvariantCulture);
}
