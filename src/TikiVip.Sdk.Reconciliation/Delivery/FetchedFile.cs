namespace TikiVip.Sdk.Reconciliation.Delivery;

/// <summary>One of Tiki's result files, fetched by an <see cref="IReconciliationTransport"/> into a local folder.</summary>
public sealed class FetchedFile
{
    /// <summary>Describes a fetched file (transports do this).</summary>
    /// <param name="name">The file name at Tiki.</param>
    /// <param name="localPath">Where the whole file now is locally.</param>
    /// <param name="byteCount">Its size in bytes.</param>
    /// <param name="modifiedAt">When Tiki last wrote it.</param>
    /// <exception cref="ArgumentException">A name or path is empty.</exception>
    public FetchedFile(string name, string localPath, long byteCount, DateTimeOffset modifiedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        Name = name;
        LocalPath = localPath;
        ByteCount = byteCount;
        ModifiedAt = modifiedAt;
    }

    /// <summary>The file name at Tiki.</summary>
    public string Name { get; }

    /// <summary>Where the raw file is kept locally.</summary>
    public string LocalPath { get; }

    /// <summary>Its size in bytes.</summary>
    public long ByteCount { get; }

    /// <summary>When Tiki last wrote it (e.g. the server's modification time), kept on the local copy too.</summary>
    public DateTimeOffset ModifiedAt { get; }
}
