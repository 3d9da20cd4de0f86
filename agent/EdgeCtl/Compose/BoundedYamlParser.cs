using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeCtl.Compose;

/// <summary>
/// YamlDotNet's event parser (a state machine: no recursion) with compose's limits enforced on each
/// event, before the representation model (which builds nodes recursively) sees it: nesting depth,
/// and the size of the document once every alias and merge key is expanded, so that neither a deep
/// file nor an alias bomb can overflow the stack or run for ever. YamlDotNet bounds recursion only
/// in its deserializer, not in the representation model the converter reads.
/// </summary>
internal sealed class BoundedYamlParser(IParser inner) : IParser
{
    /// <summary>Mappings and lists inside each other, aliases expanded (compose files need a dozen).</summary>
    public const int MaxDepth = 64;

    /// <summary>Keys, values and items in the document, aliases and merge keys expanded.</summary>
    public const long MaxNodes = 100_000;

    /// <summary>Characters in one value: no longer than a whole manifest may be.</summary>
    public const int MaxValueCharacters = 256 << 10;

    /// <summary>Characters in all scalars of the document, aliases and merge keys expanded (4 x the largest file).</summary>
    public const long MaxCharacters = 4L << 20;

    private readonly Stack<Collection> open = new();
    private readonly Dictionary<string, Size> anchors = new(StringComparer.Ordinal);
    private long nodes, characters;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case Scalar { Value.Length: > MaxValueCharacters } scalar:
                throw Refused(scalar.Start, $"a value of {scalar.Value.Length} characters, more than the limit of {MaxValueCharacters} (a whole manifest's)");
            case Scalar scalar:
                Add(new Size(1, scalar.Value.Length, 0), scalar.Anchor, scalar.Start);
                break;
            case AnchorAlias alias when anchors.TryGetValue(alias.Value.Value, out var size):
                Add(size, AnchorName.Empty, alias.Start);
                break;
            case AnchorAlias alias:
                throw Refused(alias.Start, $"*{alias.Value.Value} names no anchor defined before it (an alias inside its own anchor would never end)");
            case SequenceStart or MappingStart:
                var start = (NodeEvent)inner.Current;
                if (open.Count >= MaxDepth)
                {
                    throw Refused(start.Start, $"mappings and lists nest deeper than {MaxDepth} levels (the limit)");
                }

                Count(1, 0, start.Start);
                open.Push(new Collection(start.Anchor));
                break;
            case SequenceEnd or MappingEnd:
                var done = open.Pop();
                Add(new Size(done.Nodes + 1, done.Characters, done.Depth + 1), done.Anchor, inner.Current.Start, counted: true);
                break;
            case DocumentStart:
                anchors.Clear(); // anchors are the document's own
                break;
        }

        return true;
    }

    /// <summary>A finished node (a scalar, an alias's expansion, or a collection just closed) joins the one holding it.</summary>
    private void Add(Size size, AnchorName anchor, Mark at, bool counted = false)
    {
        if (open.Count + size.Depth > MaxDepth)
        {
            throw Refused(at, $"mappings and lists nest deeper than {MaxDepth} levels once aliases are expanded (the limit)");
        }

        if (!counted)
        {
            Count(size.Nodes, size.Characters, at);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = size;
        }

        if (open.TryPeek(out var parent))
        {
            parent.Nodes += size.Nodes;
            parent.Characters += size.Characters;
            parent.Depth = Math.Max(parent.Depth, size.Depth);
        }
    }

    /// <summary>The whole document's expanded size; every part is counted here once per expansion, so no sum exceeds the limits by more than one alias.</summary>
    private void Count(long addedNodes, long addedCharacters, Mark at)
    {
        nodes += addedNodes;
        characters += addedCharacters;
        if (nodes > MaxNodes)
        {
            throw Refused(at, $"the file expands to more than {MaxNodes} keys and values, aliases and merge keys (<<) expanded (the limit)");
        }

        if (characters > MaxCharacters)
        {
            throw Refused(at, $"the file expands to more than {MaxCharacters} characters of values, aliases and merge keys (<<) expanded (the limit)");
        }
    }

    private static ComposeException Refused(Mark at, string message) => new([new ComposeProblem((int)at.Line, "$", message, IsWarning: false)]);

    /// <summary>An anchored node's expanded size: what each alias to it adds.</summary>
    private readonly record struct Size(long Nodes, long Characters, int Depth);

    /// <summary>A mapping or list being read: the expanded size of what it holds so far.</summary>
    private sealed class Collection(AnchorName anchor)
    {
        public AnchorName Anchor { get; } = anchor;

        public long Nodes { get; set; }

        public long Characters { get; set; }

        public int Depth { get; set; }
    }
}
