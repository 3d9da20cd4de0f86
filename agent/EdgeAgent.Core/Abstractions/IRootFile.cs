namespace EdgeAgent.Core.Abstractions;

/// <summary>The trustRoot file shipped with the device (README "Trust"): the roots it trusts first.</summary>
public interface IRootFile
{
    /// <summary>Where the file is, for messages.</summary>
    string Path { get; }

    /// <summary>Its size and time of last write, or null when it is missing: a change means a root to look at.</summary>
    (long Length, DateTime WrittenUtc)? Stamp();

    /// <summary>Its bytes, or null when it is missing. Throws <see cref="IOException"/> (also when larger than <paramref name="maxBytes"/>) or <see cref="UnauthorizedAccessException"/>.</summary>
    byte[]? Read(int maxBytes);
}
