using System.Diagnostics.Metrics;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>The daily job's instruments, on a meter from the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class ReconciliationJobMetrics
{
    public const string MeterName = "TikiVip.Sdk.Reconciliation";
    public const string StepTag = "tikivip.reconciliation.step";
    public const string OutcomeTag = "tikivip.outcome";
    public const string DifferenceTag = "tikivip.reconciliation.difference";
    public const string ErrorTypeTag = "error.type";

    public ReconciliationJobMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName));
        Rows = meter.CreateCounter<long>("tikivip.reconciliation.rows", "{row}", "Data rows written into reconciliation files.");
        Bytes = meter.CreateCounter<long>("tikivip.reconciliation.bytes", "By", "Bytes of reconciliation files sent to Tiki's SFTP server.");
        Duration = meter.CreateHistogram<double>("tikivip.reconciliation.duration", "s", "Duration of a reconciliation step (write, upload, match), by outcome.");
        Mismatches = meter.CreateCounter<long>("tikivip.reconciliation.mismatches", "{difference}", "Differences found comparing the partner's records with Tiki's results, by kind.");
    }

    public Counter<long> Rows { get; }

    public Counter<long> Bytes { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> Mismatches { get; }

    public void RecordStep(string step, TimeSpan elapsed, Exception? error)
    {
        if (error is null)
        {
            Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(StepTag, step), new(OutcomeTag, "success"));
        }
        else
        {
            Duration.Record(elapsed.TotalSeconds, new(StepTag, step), new(OutcomeTag, "failure"), new(ErrorTypeTag, error.GetType().FullName));
        }
    }

    public void CountMismatches(Matching.ReconciliationMatchSummary summary)
    {
        Add("missing_at_tiki", summary.MissingAtTiki);
        Add("missing_at_partner", summary.MissingAtPartner);
        Add("amount_differs", summary.AmountDiffers);
        Add("status_differs", summary.StatusDiffers);
        Add("duplicate", summary.Duplicates);
        Add("reported_by_tiki", summary.ReportedByTiki);
        Add("verdict_differs", summary.VerdictDiffers);

        void Add(string kind, long count)
        {
            if (count > 0)
            {
                Mismatches.Add(count, new KeyValuePair<string, object?>(DifferenceTag, kind));
            }
        }
    }
}
