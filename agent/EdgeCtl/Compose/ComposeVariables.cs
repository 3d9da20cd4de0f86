using System.Text;

namespace EdgeCtl.Compose;

/// <summary>
/// Compose's variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty),
/// `${VAR-default}` (unset), `${VAR:?message}`, `${VAR?message}` (required), `$$` for a literal `$`.
/// Defaults are substituted themselves. Written by hand: YamlDotNet reads YAML, not compose.
/// </summary>
internal sealed class ComposeVariables(IReadOnlyDictionary<string, string> values)
{
    /// <summary>The text with every variable replaced; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public string Substitute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$')
            {
                result.Append(text[i]);
                continue;
            }

            if (i + 1 >= text.Length)
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
                var end = ClosingBrace(text, i + 2);
                result.Append(Expand(text[(i + 2)..end]));
                i = end;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                result.Append(values.GetValueOrDefault(text[(i + 1)..end], ""));
                i = end - 1;
            }
            else
            {
                throw new FormatException($"'${next}' is not a variable: write $$ for a literal dollar sign");
            }
        }

        return result.ToString();
    }

    private string Expand(string expression)
    {
        var nameEnd = 0;
        while (nameEnd < expression.Length && IsNamePart(expression[nameEnd]))
        {
            nameEnd++;
        }

        var name = expression[..nameEnd];
        if (name.Length == 0 || !IsNameStart(name[0]))
        {
            throw new FormatException($"'${{{expression}}}' does not start with a variable name");
        }

        var rest = expression[nameEnd..];
        var set = values.TryGetValue(name, out var value);
        var colon = rest.StartsWith(':');
        var op = colon ? rest[1..] : rest;
        var usable = colon ? set && value!.Length > 0 : set;
        if (op.Length == 0)
        {
            return colon ? throw new FormatException($"'${{{expression}}}' has a ':' without -, ?, or +") : value ?? "";
        }

        var argument = op[1..];
        return op[0] switch
        {
            '-' => usable ? value! : Substitute(argument),
            '+' => usable ? Substitute(argument) : "",
            '?' => usable ? value! : throw new FormatException($"variable {name} is required: {(argument.Length > 0 ? Substitute(argument) : "it is not set")}"),
            _ => throw new FormatException($"'${{{expression}}}' is not a substitution compose knows (${{VAR}}, ${{VAR:-default}}, ${{VAR:?message}})"),
        };
    }

    /// <summary>The index of the brace closing one opened just before <paramref name="start"/>, allowing nested ${...} in defaults.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException("'${' without its closing '}'");
    }

    private static bool IsNameStart(char c) => c is '_' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
