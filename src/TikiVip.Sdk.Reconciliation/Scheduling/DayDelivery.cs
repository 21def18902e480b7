using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// One day's delivery: writes the day's files from <see cref="IReconciliationSource"/> (or reuses those an earlier
/// attempt recorded), hands them to the <see cref="IReconciliationTransport"/>, and records each step on the run.
/// </summary>
internal sealed class DayDelivery(
    IServiceScopeFactory scopes, IReconciliationRunStore store, IReconciliationTransport transport, ReconciliationJobOptions options,
    TimeProvider time, ReconciliationJobMetrics metrics, ILogger logger, string owner)
{
    private readonly IServiceScopeFactory _scopes = scopes;
    private readonly IReconciliationRunStore _store = store;
    private readonly IReconciliationTransport _transport = transport;
    private readonly ReconciliationJobOptions _options = options;
    private readonly TimeProvider _time = time;
    private readonly ReconciliationJobMetrics _metrics = metrics;
    private readonly ILogger _logger = logger;
    private readonly string _owner = owner;

    public async Task<ReconciliationRun?> DeliverAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var (lease, run) = await DayLease.AcquireAsync(_store, _options.PartnerName, date, _owner, _time, _options.LeaseDuration, _logger, cancellationToken).ConfigureAwait(false);
        if (lease is null || run is null)
        {
            ReconciliationJobLog.HeldElsewhere(_logger, date);
            return null;
        }

        await using (lease.ConfigureAwait(false))
        {
            if (run.IsDelivered)
            {
                return run;
            }

            var step = ReconciliationStep.Writing;
            var started = _time.GetTimestamp();
            try
            {
                var directory = Path.Combine(_options.WorkDirectory, "inbound", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                var written = await ReuseWrittenAsync(directory, run, lease.Token).ConfigureAwait(false);
                if (written is null)
                {
                    written = await WriteAsync(directory, date, lease.Token).ConfigureAwait(false);
                    var elapsed = _time.GetElapsedTime(started);
                    _metrics.RecordStep("write", elapsed, null);
                    _metrics.Rows.Add(written.TotalRows);
                    var bytes = written.Files.Sum(f => f.ByteCount);
                    ReconciliationJobLog.Written(_logger, date, written.Files.Count, written.TotalRows, bytes, (long)elapsed.TotalMilliseconds);
                    run = run with { State = ReconciliationRunState.Written, Files = written.Files, WrittenAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow() };
                    await lease.SaveAsync(run).ConfigureAwait(false);
                }

                step = ReconciliationStep.Delivering;
                started = _time.GetTimestamp();
                var uploads = await _transport.DeliverAsync(directory, written, lease.Token).ConfigureAwait(false);
                var sent = uploads.Where(u => !u.AlreadyPresent).Sum(u => u.ByteCount);
                _metrics.RecordStep("upload", _time.GetElapsedTime(started), null);
                _metrics.Bytes.Add(sent);
                run = run with { State = ReconciliationRunState.Uploaded, UploadedAt = _time.GetUtcNow(), Error = null, UpdatedAt = _time.GetUtcNow() };
                await lease.SaveAsync(run).ConfigureAwait(false);
                var alreadyPresent = uploads.Count(u => u.AlreadyPresent);
                ReconciliationJobLog.Delivered(_logger, date, uploads.Count, sent, alreadyPresent);
                return run;
            }
            catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
            {
                return null; // the new owner carries on from what was recorded
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.RecordStep(step.MetricName(), _time.GetElapsedTime(started), ex);
                return await RunFailure.RecordAsync(lease, run, step, ex, _time, _logger).ConfigureAwait(false);
            }
        }
    }

    private async Task<ReconciliationResult> WriteAsync(string directory, DateOnly date, CancellationToken cancellationToken)
    {
        var options = ReconciliationJob.FileOptions(_options, date);
        RemoveUnpublished(directory, LayoutPlan.Create(options.Layout, forResults: false), _options.PartnerName, date);
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var source = scope.ServiceProvider.GetRequiredService<IReconciliationSource>();
            return await new ReconciliationFileWriter(options)
                .WriteAsync(source.GetRecordsAsync(date, cancellationToken), new ReconciliationDirectorySink(directory), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The files an earlier attempt recorded, when they are still on this instance's disk byte for byte: uploading
    /// those (rather than rewriting) is what makes a crash between upload and recording harmless.
    /// </summary>
    private static async Task<ReconciliationResult?> ReuseWrittenAsync(string directory, ReconciliationRun run, CancellationToken cancellationToken)
    {
        if (run.Files.Count == 0)
        {
            return null;
        }

        foreach (var file in run.Files)
        {
            var path = Path.Combine(directory, file.Name);
            if (!File.Exists(path) || new FileInfo(path).Length != file.ByteCount)
            {
                return null;
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
            }
        }

        return new ReconciliationResult(run.Files);
    }

    /// <summary>Removes the day's files that were written but never recorded (or no longer match), so the day can be written again.</summary>
    private static void RemoveUnpublished(string directory, LayoutPlan plan, string partner, DateOnly date)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var recogniser = plan.FileName.Recogniser(partner);
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') && name.EndsWith(".partial", StringComparison.Ordinal))
            {
                name = name[1..^".partial".Length]; // .{name}.{random}.partial, as the directory sink writes it
                name = name[..Math.Max(0, name.LastIndexOf('.'))];
            }

            if (plan.FileExtension.Length > 0 && name.EndsWith(plan.FileExtension, StringComparison.Ordinal))
            {
                name = name[..^plan.FileExtension.Length];
            }

            if (plan.FileName.TryRecognise(recogniser, name, out var day, out _, out _) && day == date)
            {
                File.Delete(path);
            }
        }
    }
}
