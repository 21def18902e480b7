namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// One day's files while they are written (from <see cref="IReconciliationFileSink.BeginAsync"/>). Disposing it
/// discards whatever was not published and must not throw: it runs while the writer's own error propagates.
/// </summary>
public interface IReconciliationFileSet : IAsyncDisposable
{
    /// <summary>Opens a writable stream for an unpublished file, under a name no other writer uses.</summary>
    /// <param name="fileName">The file's final name, e.g. <c>tikivip_ACME_20261121_1.csv</c>.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>A writable stream; what is written is not visible under the final name until published.</returns>
    /// <exception cref="ReconciliationException">A published file of that name exists already; it is never overwritten.</exception>
    ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken);

    /// <summary>Publishes every file created (their streams are disposed): all of them, or, when that fails, none.</summary>
    /// <param name="cancellationToken">Cancels the publication.</param>
    ValueTask PublishAsync(CancellationToken cancellationToken);
}
