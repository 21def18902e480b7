using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>The daily job's log events (3004-3016).</summary>
internal static partial class ReconciliationJobLog
{
    [LoggerMessage(EventId = 3004, EventName = "ReconciliationDayHeldElsewhere", Level = LogLevel.Information, Message = "Reconciliation of {Date} is in the hands of another instance; this one leaves it.")]
    public static partial void HeldElsewhere(ILogger logger, DateOnly date);

    [LoggerMessage(EventId = 3005, EventName = "ReconciliationFilesWritten", Level = LogLevel.Information, Message = "Reconciliation of {Date}: wrote {Files} file(s), {Rows} rows, {Bytes} bytes in {ElapsedMs} ms.")]
    public static partial void Written(ILogger logger, DateOnly date, int files, long rows, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 3006, EventName = "ReconciliationDelivered", Level = LogLevel.Information, Message = "Reconciliation of {Date} delivered to Tiki's server: {Files} file(s), {BytesSent} bytes sent, {AlreadyPresent} already there.")]
    public static partial void Delivered(ILogger logger, DateOnly date, int files, long bytesSent, int alreadyPresent);

    [LoggerMessage(EventId = 3007, EventName = "ReconciliationRunFailed", Level = LogLevel.Error, Message = "Reconciliation of {Date} failed while {Step} (failed attempt {Attempts}); it is tried again at the next check: {Error}")]
    public static partial void Failed(ILogger logger, DateOnly date, string step, int attempts, string error, Exception exception);

    [LoggerMessage(EventId = 3008, EventName = "ReconciliationLeaseLost", Level = LogLevel.Warning, Message = "Reconciliation of {Date}: this instance lost the day's lease (another took it over after it expired); its work is stopped.")]
    public static partial void LeaseLost(ILogger logger, DateOnly date);

    [LoggerMessage(EventId = 3009, EventName = "ReconciliationResultsMatch", Level = LogLevel.Information, Message = "Reconciliation of {Date}: Tiki's results match the partner's {Rows} rows.")]
    public static partial void ResultsMatch(ILogger logger, DateOnly date, long rows);

    [LoggerMessage(EventId = 3010, EventName = "ReconciliationMismatches", Level = LogLevel.Warning, Message = "Reconciliation of {Date}: Tiki's results differ in {Mismatches} place(s): {ReportedByTiki} listed by Tiki as wrong, {MissingAtTiki} missing at Tiki, {MissingAtPartner} missing here, {AmountDiffers} amounts and {StatusDiffers} statuses differ, {Duplicates} duplicates, {VerdictDiffers} verdicts disagree with the comparison. Report: {ReportPath}")]
    public static partial void Mismatches(ILogger logger, DateOnly date, long mismatches, long reportedByTiki, long missingAtTiki, long missingAtPartner, long amountDiffers, long statusDiffers, long duplicates, long verdictDiffers, string reportPath);

    [LoggerMessage(EventId = 3011, EventName = "ReconciliationFetchFailed", Level = LogLevel.Warning, Message = "Fetching Tiki's reconciliation results failed; tried again at the next check.")]
    public static partial void FetchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3012, EventName = "ReconciliationLeaseRenewFailed", Level = LogLevel.Warning, Message = "Reconciliation of {Date}: renewing the day's lease failed; tried again shortly.")]
    public static partial void RenewFailed(ILogger logger, DateOnly date, Exception exception);

    [LoggerMessage(EventId = 3013, EventName = "ReconciliationLeaseReleaseFailed", Level = LogLevel.Warning, Message = "Reconciliation of {Date}: releasing the day's lease failed; it expires on its own.")]
    public static partial void ReleaseFailed(ILogger logger, DateOnly date, Exception exception);

    [LoggerMessage(EventId = 3014, EventName = "ReconciliationCheckFailed", Level = LogLevel.Error, Message = "The reconciliation job's check failed; it runs again at the next check.")]
    public static partial void CheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3015, EventName = "ReconciliationDaysTooOld", Level = LogLevel.Warning, Message = "Reconciliation: {Days} recorded day(s) before {WindowStart} were never delivered and are beyond MaxCatchUpDays; deliver them by hand (tikivip reconcile) or with ReconciliationJob.RunDayAsync. First: {FirstDate}.")]
    public static partial void DaysTooOld(ILogger logger, int days, DateOnly windowStart, DateOnly firstDate);

    [LoggerMessage(EventId = 3016, EventName = "ReconciliationResultsSuperseded", Level = LogLevel.Information, Message = "Reconciliation of {Date}: Tiki's newest answer is {Files}; earlier answers are kept but no longer read: {Superseded}.")]
    public static partial void ResultsSuperseded(ILogger logger, DateOnly date, string files, string superseded);
}
