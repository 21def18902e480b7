namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Where reconciliation files go: a directory, Tiki's SFTP server, or a partner's own storage. A day's files are
/// written as one set, exclusively (a second writer for the same day fails clearly instead of corrupting the
/// first), unpublished until the whole day was written, and then published together or not at all.
/// </summary>
public interface IReconciliationFileSink
{
    /// <summary>Starts writing a day's set of files, exclusively.</summary>
    /// <param name="setName">The day's set, e.g. <c>tikivip_ACME_20261121</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The set; disposing it without publishing discards everything it created.</returns>
    /// <exception cref="ReconciliationException">Another writer is writing the same set now.</exception>
    ValueTask<IReconciliationFileSet> BeginAsync(string setName, CancellationToken cancellationToken);
}
