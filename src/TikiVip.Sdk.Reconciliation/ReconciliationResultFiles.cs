using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Tiki's result files, as the daily job and <c>tikivip reconcile</c> both read them: one rule for which files are
/// a day's answer, and one way to read them.
/// </summary>
public static class ReconciliationResultFiles
{
    /// <summary>
    /// Each day's answer among result files, recognised by <see cref="ReconciliationResultsOptions.FileName"/>.
    /// Names that differ only in the part number are one answer split into parts, read together in part order. Of
    /// several answers for a day (Tiki regenerated it under another name), the one whose newest file was written last
    /// (the file's modification time; on a tie, the later name) is the day's answer and the others are superseded.
    /// Files whose names the pattern does not recognise are in no answer.
    /// </summary>
    /// <param name="files">The candidate files.</param>
    /// <param name="results">The agreed results settings (their <see cref="ReconciliationResultsOptions.FileName"/>).</param>
    /// <param name="partnerName">The partner name in the names, or <see langword="null"/> to accept any.</param>
    /// <returns>One answer per day, in date order.</returns>
    /// <exception cref="ArgumentException">The file name pattern is not usable.</exception>
    public static IReadOnlyList<ReconciliationDayAnswer> SelectAnswers(IEnumerable<FileInfo> files, ReconciliationResultsOptions results, string? partnerName = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(results);
        var problems = new List<string>();
        var pattern = FileNamePattern.Parse(results.FileName, wildcards: true, "TikiVip:Reconciliation:Results:FileName", problems)
            ?? throw new ArgumentException(string.Join(" ", problems), nameof(results));
        var recogniser = pattern.Recogniser(partnerName);

        var recognised = new List<(FileInfo File, DateOnly Date, int Part, string Answer)>();
        foreach (var file in files)
        {
            if (pattern.TryRecognise(recogniser, file.Name, out var date, out var part, out var answer))
            {
                recognised.Add((file, date, part, answer));
            }
        }

        return recognised.GroupBy(f => f.Date).OrderBy(day => day.Key).Select(day =>
        {
            var answers = day.GroupBy(f => f.Answer)
                .Select(a => a.OrderBy(f => f.Part).ThenBy(f => f.File.Name, StringComparer.Ordinal).Select(f => f.File).ToList())
                .OrderByDescending(a => a.Max(f => f.LastWriteTimeUtc)).ThenByDescending(a => a[0].Name, StringComparer.Ordinal)
                .ToList();
            return new ReconciliationDayAnswer(day.Key, answers[0], [.. answers.Skip(1).SelectMany(a => a)]);
        }).ToList();
    }

    /// <summary>
    /// Streams the rows of a day's answer in the agreed results layout; a file with more columns than that layout
    /// is refused with the header found and the setting that describes Tiki's file.
    /// </summary>
    /// <param name="answer">The day's answer.</param>
    /// <param name="results">The agreed results settings (their <see cref="ReconciliationResultsOptions.Layout"/>).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The rows of every file of the answer, in part order.</returns>
    /// <exception cref="ArgumentException">The results layout is not usable.</exception>
    /// <exception cref="ReconciliationException">A file does not follow the layout; the message names the file and the row.</exception>
    public static IAsyncEnumerable<ReconciliationFileRow> ReadAsync(ReconciliationDayAnswer answer, ReconciliationResultsOptions results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return ReadAsync(answer.Files.Select(f => f.FullName), results, cancellationToken);
    }

    /// <summary>Streams the rows of Tiki's result files, one after the other, in the agreed results layout (see the other overload).</summary>
    /// <param name="paths">The files, in the order to read them.</param>
    /// <param name="results">The agreed results settings.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The rows of every file.</returns>
    public static IAsyncEnumerable<ReconciliationFileRow> ReadAsync(IEnumerable<string> paths, ReconciliationResultsOptions results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(results);
        return ReconciliationFileReader.ReadFilesAsync(paths, LayoutPlan.Create(results.Layout, forResults: true).ForTikiResults(), "Tiki's result file", cancellationToken);
    }
}
