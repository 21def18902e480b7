using System.Globalization;
using System.Runtime.CompilerServices;
using TikiVip.Sdk.Json;
using TikiVip.Sdk.Reconciliation.Files;
using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Streams a day's transactions into reconciliation files in the agreed <see cref="ReconciliationFileLayout"/>
/// (columns, delimiter, header, BOM, line ending, timestamp format, status names), RFC 4180 quoting, UTF-8, the
/// layout's file names, a new file every <see cref="ReconciliationFileLayout.MaxLinesPerFile"/> lines (the header
/// counts), and nothing published unless every row was valid.
/// </summary>
/// <example><code>
/// var writer = new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = yesterday });
/// var result = await writer.WriteAsync(db.TransactionsOf(yesterday), new ReconciliationDirectorySink("/data/outbound"));
/// </code></example>
public sealed class ReconciliationFileWriter
{
    private readonly ReconciliationOptions _options;
    private readonly LayoutPlan _plan;

    /// <summary>Creates a writer for one day.</summary>
    /// <exception cref="ArgumentException">The partner name cannot be part of a file name, the layout has problems (every one is named), or another option is invalid.</exception>
    /// <param name="options">The partner name, the day and the layout.</param>
    public ReconciliationFileWriter(ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _plan = Validate(options);
        _options = options;
    }

    /// <summary>Writes the records of a synchronous source.</summary>
    /// <param name="records">The day's records.</param>
    /// <param name="sink">Where the files are published.</param>
    /// <param name="cancellationToken">Cancels the writing; nothing is published then.</param>
    /// <returns>The published files with their row counts, sizes and SHA-256.</returns>
    public Task<ReconciliationResult> WriteAsync(IEnumerable<ReconciliationRecord> records, IReconciliationFileSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return WriteAsync(AsAsync(records, cancellationToken), sink, cancellationToken);
    }

    /// <summary>Writes the records of an asynchronous source (e.g. a database query streamed row by row).</summary>
    /// <exception cref="ReconciliationException">A record is invalid (the message names the row) or a file already exists; nothing was published.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing was published.</exception>
    /// <param name="records">The day's records, streamed.</param>
    /// <param name="sink">Where the files are published.</param>
    /// <param name="cancellationToken">Cancels the writing; nothing is published then.</param>
    /// <returns>The published files with their row counts, sizes and SHA-256.</returns>
    public async Task<ReconciliationResult> WriteAsync(
        IAsyncEnumerable<ReconciliationRecord> records, IReconciliationFileSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(sink);
        var set = await sink.BeginAsync(_plan.FileName.SetName(_options.PartnerName, _options.Date), cancellationToken).ConfigureAwait(false);
        var files = new List<ReconciliationFile>();
        CsvFileWriter? current = null;
        long row = 0;
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                row++;
                Check(record, row);
                if (current is null || current.Rows == _plan.MaxRowsPerFile)
                {
                    if (current is not null)
                    {
                        files.Add(await current.CompleteAsync(cancellationToken).ConfigureAwait(false));
                    }

                    current = await StartFileAsync(set, files.Count, cancellationToken).ConfigureAwait(false);
                }

                await current.WriteRowAsync(record, cancellationToken).ConfigureAwait(false);
            }

            // A day without transactions still gets its (header-only) file.
            current ??= await StartFileAsync(set, files.Count, cancellationToken).ConfigureAwait(false);
            files.Add(await current.CompleteAsync(cancellationToken).ConfigureAwait(false));
            await set.PublishAsync(cancellationToken).ConfigureAwait(false);
            return new ReconciliationResult(files);
        }
        catch
        {
            // The caller gets the first error; closing a half-written file can fail again (a full disk) and is ignored.
            if (current is not null)
            {
                await current.AbandonAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            await set.DisposeAsync().ConfigureAwait(false); // discards whatever was not published
        }
    }

    private async Task<CsvFileWriter> StartFileAsync(IReconciliationFileSet set, int completed, CancellationToken cancellationToken)
    {
        var name = _plan.FileName.Format(_options.PartnerName, _options.Date, _options.FirstFileNumber + completed) + _plan.FileExtension;
        var stream = await set.CreateAsync(name, cancellationToken).ConfigureAwait(false);
        var writer = new CsvFileWriter(stream, name, _plan);
        await writer.StartAsync(cancellationToken).ConfigureAwait(false);
        return writer;
    }

    private void Check(ReconciliationRecord? record, long row)
    {
        if (record is null)
        {
            throw new ReconciliationException("the record is null.", row);
        }

        if (string.IsNullOrWhiteSpace(record.TikiTransactionId))
        {
            throw new ReconciliationException("tiki_transaction_id is empty.", row);
        }

        if (string.IsNullOrWhiteSpace(record.TransactionId))
        {
            throw new ReconciliationException($"transaction_id is empty (tiki_transaction_id {ReconciliationText.Show(record.TikiTransactionId)}).", row);
        }

        CheckText(record.TikiTransactionId, "tiki_transaction_id", row);
        CheckText(record.TransactionId, "transaction_id", row);
        if (record.Amount < 0)
        {
            throw new ReconciliationException($"transaction_amount {record.Amount} is negative (transaction_id {ReconciliationText.Show(record.TransactionId)}).", row);
        }

        if (!Enum.IsDefined<TikiVipTransactionStatus>(record.Status))
        {
            throw new ReconciliationException($"status {(int)record.Status} is not SUCCESS, FAILURE or PENDING.", row);
        }

        if (record.UpdatedAt < record.CreatedAt)
        {
            throw new ReconciliationException($"updated_at {record.UpdatedAt:O} is before created_at {record.CreatedAt:O}.", row);
        }

        var dated = _options.DateBasis == ReconciliationDateBasis.UpdatedAt ? record.UpdatedAt : record.CreatedAt;
        var offset = _plan.UtcOffset;
        var local = dated.ToOffset(offset);
        if (DateOnly.FromDateTime(local.DateTime) != _options.Date)
        {
            throw new ReconciliationException(
                $"{(_options.DateBasis == ReconciliationDateBasis.UpdatedAt ? "updated_at" : "created_at")} {local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} " +
                $"is outside {_options.Date:yyyy-MM-dd} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}).",
                row);
        }

        foreach (var key in _plan.ExtraKeys)
        {
            if (record.Extras is null || !record.Extras.TryGetValue(key, out var value) || value is null)
            {
                throw new ReconciliationException($"the extra field '{key}' has no value (the layout has an Extra column with ExtraKey '{key}'; set it in Extras).", row);
            }

            CheckText(value, key, row);
        }
    }

    /// <summary>Refuses text with a lone surrogate: it has no UTF-8 form and would silently become U+FFFD.</summary>
    private static void CheckText(string value, string column, long row)
    {
        if (WireText.FindLoneSurrogate(value) is var index and >= 0)
        {
            throw new ReconciliationException($"{column} is not valid UTF-16: a lone surrogate at index {index} of {ReconciliationText.Show(value)}.", row);
        }
    }

    internal static LayoutPlan Validate(ReconciliationOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? LayoutPlan.Create(options.Layout, forResults: false) : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }

    private static async IAsyncEnumerable<ReconciliationRecord> AsAsync(IEnumerable<ReconciliationRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
