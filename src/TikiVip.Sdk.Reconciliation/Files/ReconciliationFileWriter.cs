using TikiVip.Sdk.Json;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Streams a day's transactions into Tiki's reconciliation files: the standard columns (plus agreed extras),
/// RFC 4180 quoting, UTF-8, timestamps in ISO 8601 with the configured offset, Tiki's file names, a new file
/// every <see cref="ReconciliationOptions.MaxRowsPerFile"/> rows, and nothing published unless every row was valid.
/// </summary>
/// <example><code>
/// var writer = new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = yesterday });
/// var result = await writer.WriteAsync(db.TransactionsOf(yesterday), new ReconciliationDirectorySink("/data/outbound"));
/// </code></example>
public sealed class ReconciliationFileWriter
{
    /// <summary>The columns every file starts with, in order.</summary>
    public static readonly IReadOnlyList<string> StandardColumns =
        ["tiki_transaction_id", "transaction_id", "transaction_amount", "status", "created_at", "updated_at"];

    private readonly ReconciliationOptions _options;
    private readonly string[] _columns;

    /// <summary>Creates a writer for one day.</summary>
    /// <exception cref="ArgumentException">The partner name cannot be part of a file name, or another option is invalid.</exception>
    /// <param name="options">The partner name, the day and the file format.</param>
    public ReconciliationFileWriter(ReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _columns = [.. StandardColumns, .. options.ExtraColumns];
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
        var set = await sink.BeginAsync(_options.SetName, cancellationToken).ConfigureAwait(false);
        var files = new List<ReconciliationFile>();
        CsvFileWriter? current = null;
        long row = 0;
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                row++;
                Check(record, row);
                if (current is null || current.Rows == _options.MaxRowsPerFile)
                {
                    if (current is not null)
                    {
                        files.Add(await current.CompleteAsync(cancellationToken).ConfigureAwait(false));
                    }

                    current = await StartFileAsync(set, files.Count, cancellationToken).ConfigureAwait(false);
                }

                await current.WriteRowAsync(record, _options.UtcOffset, cancellationToken).ConfigureAwait(false);
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
        var name = _options.FileName(_options.FirstFileNumber + completed);
        var stream = await set.CreateAsync(name, cancellationToken).ConfigureAwait(false);
        var writer = new CsvFileWriter(stream, name, _options.TimestampFormat);
        await writer.WriteHeaderAsync(_columns, cancellationToken).ConfigureAwait(false);
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
        var local = dated.ToOffset(_options.UtcOffset);
        if (DateOnly.FromDateTime(local.DateTime) != _options.Date)
        {
            throw new ReconciliationException(
                $"{(_options.DateBasis == ReconciliationDateBasis.UpdatedAt ? "updated_at" : "created_at")} {local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} " +
                $"is outside {_options.Date:yyyy-MM-dd} (UTC{(_options.UtcOffset < TimeSpan.Zero ? "-" : "+")}{_options.UtcOffset:hh\\:mm}).",
                row);
        }

        if (record.ExtraValues is null || record.ExtraValues.Count != _options.ExtraColumns.Count || record.ExtraValues.Any(v => v is null))
        {
            throw new ReconciliationException($"expected {_options.ExtraColumns.Count} non-null extra values ({string.Join(", ", _options.ExtraColumns)}).", row);
        }

        for (var i = 0; i < record.ExtraValues.Count; i++)
        {
            CheckText(record.ExtraValues[i], _options.ExtraColumns[i], row);
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

    internal static void Validate(ReconciliationOptions options)
    {
        if (string.IsNullOrEmpty(options.PartnerName) || options.PartnerName.Length > 64
            || !options.PartnerName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException(
                $"PartnerName '{options.PartnerName}' must be 1 to 64 ASCII letters, digits or '-', as it is part of the file name.", nameof(options));
        }

        if (options.MaxRowsPerFile is < 1 or > ReconciliationOptions.TikiMaxRowsPerFile)
        {
            throw new ArgumentException($"MaxRowsPerFile must be between 1 and {ReconciliationOptions.TikiMaxRowsPerFile}; got {options.MaxRowsPerFile}.", nameof(options));
        }

        if (!Enum.IsDefined(options.TimestampFormat))
        {
            throw new ArgumentException($"TimestampFormat {(int)options.TimestampFormat} is not a defined format.", nameof(options));
        }

        if (options.FirstFileNumber < 1)
        {
            throw new ArgumentException($"FirstFileNumber must be at least 1; got {options.FirstFileNumber}.", nameof(options));
        }

        if (options.UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || options.UtcOffset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ArgumentException($"UtcOffset must be whole minutes within ±14 hours; got {options.UtcOffset}.", nameof(options));
        }

        if (options.FileExtension.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || options.FileExtension.Contains('/'))
        {
            throw new ArgumentException($"FileExtension '{options.FileExtension}' contains characters not allowed in a file name.", nameof(options));
        }

        var columns = StandardColumns.Concat(options.ExtraColumns).ToList();
        if (options.ExtraColumns.Any(string.IsNullOrWhiteSpace) || columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count)
        {
            throw new ArgumentException("ExtraColumns must be non-empty and distinct from each other and from the standard columns.", nameof(options));
        }
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
