namespace TikiVip.Sdk.Reconciliation.Delivery;

/// <summary>
/// How a day's files reach Tiki and Tiki's results come back: the seam between the daily job and a delivery
/// (Tiki's SFTP server with <c>TikiVip.Sdk.Reconciliation.Sftp</c>'s <c>UseSftp</c>, a partner's own wrapper, a
/// test double, or an API should Tiki offer one). Register one as a singleton.
/// </summary>
public interface IReconciliationTransport
{
    /// <summary>
    /// Delivers a day's files, each whole or not at all. Must be safe to call again for the same files (after a
    /// crash between delivery and recording): a file Tiki already has byte for byte is reported, not sent again.
    /// </summary>
    /// <param name="directory">The local folder the files are in.</param>
    /// <param name="files">The day's files, as the writer published them (names, sizes, SHA-256).</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    /// <returns>One entry per file, in order.</returns>
    Task<IReadOnlyList<DeliveredFile>> DeliverAsync(string directory, ReconciliationResult files, CancellationToken cancellationToken);

    /// <summary>
    /// Copies Tiki's new or rewritten result files into <paramref name="localDirectory"/>, each moved into place
    /// whole (never a half-copied file under its final name), keeping Tiki's modification time on the copy.
    /// </summary>
    /// <param name="localDirectory">Where the job keeps Tiki's result files.</param>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The files fetched by this call (none when nothing changed).</returns>
    Task<IReadOnlyList<FetchedFile>> FetchResultsAsync(string localDirectory, CancellationToken cancellationToken);
}
