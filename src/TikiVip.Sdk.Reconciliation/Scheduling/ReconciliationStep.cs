namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>The steps of a day's reconciliation, named once for the metrics and the recorded reason.</summary>
internal enum ReconciliationStep
{
    Writing,
    Delivering,
    Comparing,
}

/// <summary>The names of <see cref="ReconciliationStep"/>.</summary>
internal static class ReconciliationStepNames
{
    /// <summary>The <c>step</c> tag of the job's duration metric.</summary>
    public static string MetricName(this ReconciliationStep step) => step switch
    {
        ReconciliationStep.Writing => "write",
        ReconciliationStep.Delivering => "upload",
        _ => "match",
    };

    /// <summary>What the job was doing, as the recorded error says it ("Failed while ...").</summary>
    public static string Description(this ReconciliationStep step) => step switch
    {
        ReconciliationStep.Writing => "writing the files",
        ReconciliationStep.Delivering => "delivering the files to Tiki",
        _ => "comparing Tiki's results",
    };
}
