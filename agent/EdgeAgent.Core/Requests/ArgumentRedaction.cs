using System.Text.RegularExpressions;

namespace EdgeAgent.Core.Requests;

/// <summary>
/// Secrets in a container's command line (Cmd, Entrypoint, Args, a healthcheck's test) and labels,
/// made unreadable for a support bundle (README "Support bundle"). A name "looks secret" when one of its
/// words (split at <c>-</c>, <c>_</c>, <c>.</c> and camelCase) is, or ends in, a secret word
/// (<see cref="SecretWord"/>): <c>requirepass</c>, <c>clientSecret</c>, <c>OAUTH_TOKEN</c> do,
/// <c>authors</c>, <c>tokenizer</c>, <c>passthrough</c> do not. Redacted:
/// <list type="bullet">
/// <item>the value of <c>--NAME=value</c>, <c>-NAME=value</c> and <c>NAME=value</c> for a secret-looking NAME;</item>
/// <item>the argument after <c>--NAME</c> / <c>-NAME</c> for a secret-looking NAME, and after <c>-p</c>;</item>
/// <item>what is attached to <c>-p</c> (<c>-phunter2</c>, MySQL's form), unless the word is a password flag's name (<c>-password</c>, <c>-passwd</c>, <c>-pwd</c>: <c>pass</c> or <c>pwd</c> then lower-case letters) or a single-dash flag with its value (<c>-port=5432</c>, Go's form);</item>
/// <item>the password of <c>user:password</c> after <c>-u</c> / <c>--user</c>, attached (<c>-uadmin:pw</c>, <c>--user=admin:pw</c>) or next (curl, wget);</item>
/// <item>a URL's password (<c>scheme://user:password@host</c>);</item>
/// <item>the credentials of an <c>Authorization:</c> or <c>X-Api-Key:</c> header.</item>
/// </list>
/// A shell command in one argument (<c>sh -c "…"</c>, a healthcheck's CMD-SHELL) is read word by word,
/// split at whitespace (quotes are not parsed: a quoted value with spaces keeps its later words).
/// A list is read as one command line: a container's Entrypoint and Cmd are redacted together, so a
/// flag ending the Entrypoint has its value in the Cmd redacted.
/// Hand-written: no package redacts command lines.
/// </summary>
public static partial class ArgumentRedaction
{
    private const string Redacted = InspectRedaction.Redacted;

    /// <summary>
    /// A secret word, and where it ends: a name holds one when it is the name's end, or is followed
    /// by a non-letter (<c>-</c>, <c>_</c>, <c>.</c>, a digit) or by a capital after a small letter
    /// (camelCase). Any letters may come before it (<c>requirepass</c>, <c>oauth</c>), so a compound
    /// ending in a secret word counts; one that only starts with its letters (<c>authors</c>) does not.
    /// </summary>
    private const string SecretWord = @"(?:pass(?:word|wd|phrase)?|pwd|secret|token|auth(?:orization)?|credential|(?:api|access|private)[-_.]?key)s?(?:(?![a-z])|(?-i:(?<=[a-z])(?=[A-Z])))";

    /// <summary>The arguments with their secrets redacted; the argument after a secret flag too.</summary>
    public static IReadOnlyList<string> RedactArguments(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var redacted = new List<string>(arguments.Count);
        var redactNext = NextRedaction.None;
        foreach (var argument in arguments)
        {
            redacted.Add(RedactWord(argument, ref redactNext));
        }

        return redacted;
    }

    /// <summary>One string: each whitespace-separated word redacted as an argument is.</summary>
    public static string RedactText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redactNext = NextRedaction.None;
        return Words().Replace(text, word => RedactWord(word.Value, ref redactNext));
    }

    /// <summary>A label: its whole value when its name looks secret, else its value read as text.</summary>
    public static string RedactLabel(string name, string value) =>
        SecretName().IsMatch(name ?? "") ? Redacted : RedactText(value ?? "");

    private static string RedactWord(string word, ref NextRedaction redactNext)
    {
        var pending = redactNext;
        redactNext = NextRedaction.None;
        if (pending == NextRedaction.Whole)
        {
            // "Authorization: Bearer TOKEN": the scheme stays, the credentials after it go.
            redactNext = AuthScheme().IsMatch(word) ? NextRedaction.Whole : NextRedaction.None;
            return redactNext == NextRedaction.Whole ? word : Redacted;
        }

        if (word.Any(char.IsWhiteSpace))
        {
            return RedactText(word); // a shell command in one argument
        }

        if (pending == NextRedaction.AfterColon && word.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
        {
            return word[..(colon + 1)] + Redacted;
        }

        // Before the flag names: "-pMyPass1" is a password attached to -p, not a flag named "pMyPass1".
        if (AttachedPassword().Match(word) is { Success: true } attached)
        {
            return attached.Groups["flag"].Value + Redacted;
        }

        if (AttachedUserPassword().Match(word) is { Success: true } user)
        {
            return user.Groups["user"].Value + Redacted;
        }

        if (SecretFlag().Match(word) is { Success: true } flag)
        {
            redactNext = flag.Groups["name"].Value is "u" or "user" ? NextRedaction.AfterColon : NextRedaction.Whole;
            return word;
        }

        word = SecretAssignment().Replace(word, m => m.Groups["name"].Value + "=" + Redacted);
        word = UrlPassword().Replace(word, m => m.Groups["prefix"].Value + Redacted + "@");
        return word;
    }

    /// <summary>What the next word is: a secret flag's value, or a user:password whose password goes.</summary>
    private enum NextRedaction
    {
        None,
        Whole,
        AfterColon,
    }

    [GeneratedRegex("^(bearer|basic|digest|token)$", RegexOptions.IgnoreCase)]
    private static partial Regex AuthScheme();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();

    [GeneratedRegex(SecretWord, RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>--password, -p, -u, --user, --api-key, Authorization: (a header whose value follows): a flag whose next word is secret.</summary>
    [GeneratedRegex(@"^[""']?(?:-{1,2}(?<name>p|u|user|[\w.-]*" + SecretWord + @"[\w.-]*)|(?<name>authorization|x-api-key|api-key):)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFlag();

    /// <summary>
    /// -p with a value attached (mysql -phunter2, -pMyPass1, -proot); not a single-dash password flag's
    /// name (-password, -passwd, -pass-file, -pwd: "pass" or "pwd" then lower-case letters, alone or with
    /// =value) nor a single-dash flag with its value (-port=5432, -pidfile=/run/x.pid). A single-dash flag
    /// alone (-profile) cannot be told from a password of small letters (-proot): it is redacted.
    /// </summary>
    [GeneratedRegex(@"^(?<flag>[""']?-p)(?!(?:ass|wd)[a-z_.-]*(?:$|=|[""']$))(?![a-z][a-z0-9_-]*=).+$")]
    private static partial Regex AttachedPassword();

    /// <summary>-uuser:password, -u=user:password, --user=user:password (the user kept); not a flag with its value (-url=http://host).</summary>
    [GeneratedRegex(@"^(?<user>[""']?(?:-u=?|--user=)[^:=\s]*:).+$")]
    private static partial Regex AttachedUserPassword();

    /// <summary>NAME=value, -NAME=value or --NAME=value with a secret-looking NAME (the dashes and quotes kept).</summary>
    [GeneratedRegex(@"^(?<name>[""']?-{0,2}[\w.-]*" + SecretWord + @"[\w.-]*)=.+$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();

    /// <summary>scheme://user:password@ (the password, not the user).</summary>
    [GeneratedRegex(@"(?<prefix>[a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s]*:)[^@/\s]+@")]
    private static partial Regex UrlPassword();
}
