using System.Globalization;
using System.Text;
using Wcwidth;

namespace EdgeCtl;

/// <summary>
/// Text that a device, an agent or a retained record controls, made safe to print on an operator's
/// terminal (README "Watching the fleet"): every character a terminal would act on instead of
/// showing is written as a visible escape, so that a status, a rollout record or a log line can
/// neither move the cursor, recolour or retitle the terminal, overwrite another row (ESC, CSI, OSC,
/// C1 controls, \r, \b), nor reorder or hide what follows (bidirectional overrides and isolates,
/// zero-width characters). Column widths count what the terminal draws: a wide character two cells,
/// a combining mark none.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control, format, separator and unassigned character escaped (\r, \n, \t, \xHH, \uHHHH, \UHHHHHHHH).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !NeedsEscape(text))
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            Append(escaped, rune);
        }

        return escaped.ToString();
    }

    /// <summary>The cells <paramref name="text"/> takes on a terminal, once escaped.</summary>
    public static int Width(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Math.Max(0, UnicodeCalculator.GetWidth(rune.Value));
        }

        return width;
    }

    /// <summary><paramref name="text"/> followed by spaces up to <paramref name="width"/> cells.</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Width(text)));

    /// <summary>At most <paramref name="columns"/> cells of <paramref name="text"/>, "..." ending a cut one.</summary>
    public static string Shorten(string text, int columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Width(text) <= columns)
        {
            return text;
        }

        var kept = new StringBuilder();
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var cells = Math.Max(0, UnicodeCalculator.GetWidth(rune.Value));
            if (width + cells > columns - 3)
            {
                break;
            }

            kept.Append(rune.ToString());
            width += cells;
        }

        return kept.Append("...").ToString();
    }

    /// <summary>A table: each cell escaped, columns two spaces apart and padded to their widest cell (the last column unpadded).</summary>
    public static string Table(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(r => r.Select(Escape).ToArray()).ToList();
        var columns = cells.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => cells.Max(r => c < r.Length ? Width(r[c]) : 0)).ToArray();
        return string.Join(Environment.NewLine, cells.Select(r =>
            string.Join("  ", r.Select((cell, c) => c == r.Length - 1 ? cell : PadRight(cell, widths[c]))).TrimEnd()));
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Escaped(rune))
            {
                return true;
            }
        }

        // A lone surrogate reads as U+FFFD here and is written as U+FFFD by the console's encoder: shown, harmless.
        return false;
    }

    private static bool Escaped(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        // Control: C0, DEL, C1 (ESC, CSI, OSC, \r, \b...). Format: bidi embeddings, overrides and
        // isolates, LRM/RLM, zero-width space/joiners, word joiner, BOM, soft hyphen, tags.
        // Separators: U+2028/U+2029 break lines. Unassigned: what a newer terminal may treat as any of these.
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned => true,
        _ => false,
    };

    private static void Append(StringBuilder escaped, Rune rune)
    {
        if (!Escaped(rune))
        {
            escaped.Append(rune.ToString());
            return;
        }

        _ = rune.Value switch
        {
            '\r' => escaped.Append("\\r"),
            '\n' => escaped.Append("\\n"),
            '\t' => escaped.Append("\\t"),
            < 0x100 => escaped.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"),
            < 0x10000 => escaped.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}"),
            _ => escaped.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}"),
        };
    }
}
