namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Where reconciliation files go: a directory, or a partner's own storage. Files are created unpublished and
/// published together only when the whole day was written, so an uploader never sees a partial set.
/// </summary>
public interface IReconciliationFileSink
{
    /// <summary>Opens a writable stream for an unpublished file. Fails if a published file of that name exists.</summary>
    /// <param name="fileName">The file's final name, e.g. <c>tikivip_ACME_20261121_1.csv</c>.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>A writable stream; what is written is not visible under the final name until published.</returns>
    ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>Publishes the files (all streams have been disposed).</summary>
    /// <param name="fileNames">Every file of the day, written completely.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    ValueTask PublishAsync(IReadOnlyList<string> fileNames, CancellationToken cancellationToken);

    /// <summary>Discards unpublished files after a failure or cancellation.</summary>
    /// <param name="fileNames">The files created so far.</param>
    ValueTask DiscardAsync(IReadOnlyList<string> fileNames);
}
