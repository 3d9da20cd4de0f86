namespace EdgeAgent.Core.Abstractions;

/// <summary>
/// Small named documents that must survive restarts and crashes (written atomically). Read them
/// through <see cref="StateDocuments"/>, which sets aside one that cannot be used.
/// </summary>
public interface IStateStore
{
    /// <summary>
    /// The document's bytes, or null when there is none. Throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> with a message naming the file when it cannot be
    /// read as a document (not a regular file, a symbolic link, larger than the cap, unreadable).
    /// </summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);

    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an unusable document out of the way (whatever it is: a file, a FIFO, a directory, a link),
    /// keeping it for inspection; returns the name it now has. Throws <see cref="IOException"/> when it cannot.
    /// </summary>
    Task<string> SetAsideAsync(string name, CancellationToken cancellationToken);
}
