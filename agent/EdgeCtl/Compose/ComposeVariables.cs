using System.Text;

namespace EdgeCtl.Compose;

/// <summary>
/// Compose's variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty),
/// `${VAR-default}` (unset), `${VAR:?message}`, `${VAR?message}` (required), `$$` for a literal `$`.
/// Defaults are substituted themselves. Written by hand: YamlDotNet reads YAML, not compose.
/// </summary>
internal sealed class ComposeVariables(IReadOnlyDictionary<string, string> values)
{
    /// <summary>How deep `${VAR:-${OTHER:-...}}` may nest (compose files use two or three).</summary>
    public const int MaxNesting = 16;

    /// <summary>The text with every variable replaced; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public string Substitute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        // Braces are matched once for the whole text, so each character is read a bounded number of
        // times however the defaults nest (searching for each closing brace afresh was quadratic).
        var result = new StringBuilder(text.Length);
        Substitute(text, ClosingBraces(text), 0, text.Length, result);
        return result.ToString();
    }

    /// <summary>Appends text[start..end] substituted; recursion is as deep as `${` nests, which <see cref="ClosingBraces"/> bounds.</summary>
    private void Substitute(string text, int[] closing, int start, int end, StringBuilder result)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] != '$')
            {
                result.Append(text[i]);
                continue;
            }

            if (i + 1 >= end)
            {
                throw new FormatException("a lone '$' at the end: write $$ for a literal dollar sign");
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (next == '{')
            {
                var close = closing[i + 1];
                if (close < 0 || close >= end)
                {
                    throw new FormatException("'${' without its closing '}'");
                }

                Expand(text, closing, i + 2, close, result);
                i = close;
            }
            else if (IsNameStart(next))
            {
                var nameEnd = i + 1;
                while (nameEnd < end && IsNamePart(text[nameEnd]))
                {
                    nameEnd++;
                }

                result.Append(values.GetValueOrDefault(text[(i + 1)..nameEnd], ""));
                i = nameEnd - 1;
            }
            else
            {
                throw new FormatException($"'${next}' is not a variable: write $$ for a literal dollar sign");
            }
        }
    }

    /// <summary>Appends the value of the expression between `${` and its `}` (text[start..end]).</summary>
    private void Expand(string text, int[] closing, int start, int end, StringBuilder result)
    {
        var nameEnd = start;
        while (nameEnd < end && IsNamePart(text[nameEnd]))
        {
            nameEnd++;
        }

        var name = text[start..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            throw new FormatException($"'${{{Excerpt(text, start, end)}}}' does not start with a variable name");
        }

        var set = values.TryGetValue(name, out var value);
        var colon = nameEnd < end && text[nameEnd] == ':';
        var op = colon ? nameEnd + 1 : nameEnd;
        var usable = colon ? set && value!.Length > 0 : set;
        if (op == end)
        {
            result.Append(colon ? throw new FormatException($"'${{{Excerpt(text, start, end)}}}' has a ':' without -, ?, or +") : value ?? "");
            return;
        }

        switch (text[op])
        {
            case '-' when usable:
                result.Append(value);
                break;
            case '-':
                Substitute(text, closing, op + 1, end, result);
                break;
            case '+' when usable:
                Substitute(text, closing, op + 1, end, result);
                break;
            case '+':
                break;
            case '?' when usable:
                result.Append(value);
                break;
            case '?':
                var message = new StringBuilder();
                Substitute(text, closing, op + 1, end, message);
                throw new FormatException($"variable {name} is required: {(op + 1 < end ? message.ToString() : "it is not set")}");
            default:
                throw new FormatException($"'${{{Excerpt(text, start, end)}}}' is not a substitution compose knows (${{VAR}}, ${{VAR:-default}}, ${{VAR:?message}})");
        }
    }

    /// <summary>
    /// For each '{', the index of the '}' closing it (-1 when none does): one pass with a stack, which
    /// also refuses `${` nested deeper than <see cref="MaxNesting"/> (set or not, the text is refused alike).
    /// </summary>
    private static int[] ClosingBraces(string text)
    {
        var closing = new int[text.Length];
        var opened = new Stack<(int At, bool Substitution)>();
        var nesting = 0;
        var dollars = 0; // the '$' just before this character: an odd run ends in a '$' that is not `$$`
        for (var i = 0; i < text.Length; i++)
        {
            closing[i] = -1;
            if (text[i] == '{')
            {
                var substitution = dollars % 2 == 1;
                if (substitution && ++nesting > MaxNesting)
                {
                    throw new FormatException($"${{...}} nests deeper than {MaxNesting} levels (the limit)");
                }

                opened.Push((i, substitution));
            }
            else if (text[i] == '}' && opened.TryPop(out var open))
            {
                closing[open.At] = i;
                nesting -= open.Substitution ? 1 : 0;
            }

            dollars = text[i] == '$' ? dollars + 1 : 0;
        }

        return closing;
    }

    /// <summary>An expression as quoted in an error: whole when short, else its start.</summary>
    private static string Excerpt(string text, int start, int end) => end - start <= 60 ? text[start..end] : text[start..(start + 60)] + "...";

    private static bool IsNameStart(char c) => c is '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
