namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Where reconciliation files go: a directory, or a partner's own storage. Files are created unpublished and
/// published together only when the whole day was written, so an uploader never sees a partial set.
/// </summary>
public interface IReconciliationFileSink
{
    /// <summary>Opens a writable stream for an unpublished file. Fails if a published file of that name exists.</summary>
    ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>Publishes the files (all streams have been disposed).</summary>
    ValueTask PublishAsync(IReadOnlyList<string> fileNames, CancellationToken cancellationToken);

    /// <summary>Discards unpublished files after a failure or cancellation.</summary>
    ValueTask DiscardAsync(IReadOnlyList<string> fileNames);
}
