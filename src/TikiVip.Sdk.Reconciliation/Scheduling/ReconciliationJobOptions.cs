using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// The daily reconciliation job (<c>AddReconciliation</c>), conventionally bound from <c>TikiVip:Reconciliation</c>:
/// when it runs in Vietnam time, where it keeps its files, the layouts agreed with Tiki, and how Tiki's results are read.
/// </summary>
public sealed class ReconciliationJobOptions
{
    /// <summary>The partner name Tiki assigned, used in file names. Required.</summary>
    public string PartnerName { get; set; } = "";

    /// <summary>
    /// When, in Vietnam time (UTC+7), yesterday's files are written and uploaded. Default: 01:00, so the day of
    /// T is on Tiki's server in the morning of T+1 as Tiki asks.
    /// </summary>
    public TimeSpan RunAt { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A durable local folder for the written files (<c>inbound/</c>), Tiki's fetched results (<c>outbound/</c>)
    /// and the comparison reports (<c>reports/</c>). Required.
    /// </summary>
    public string WorkDirectory { get; set; } = "";

    /// <summary>
    /// How often the job checks for work besides <see cref="RunAt"/>: failed days are retried and Tiki's results
    /// fetched at this pace. Default: 30 minutes.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many recent days are delivered when they were missed (the job was down, or a day failed): at most this
    /// many days back from yesterday, and never a day before the first one the job ever recorded. Default: 7.
    /// </summary>
    public int MaxCatchUpDays { get; set; } = 7;

    /// <summary>How long after delivering a day the job keeps fetching Tiki's results for it. Default: 3 days.</summary>
    public TimeSpan ResultWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long one instance may hold a day before another may take it over, renewed while it works. Default:
    /// 10 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after <see cref="RunAt"/> the health check waits before yesterday's undelivered file makes it
    /// unhealthy. Default: 2 hours.
    /// </summary>
    public TimeSpan DeliveryGracePeriod { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The layout of the partner's files as agreed with Tiki (<c>TikiVip:Reconciliation:Layout</c>). Default: the standard one.</summary>
    public ReconciliationFileLayout Layout { get; set; } = new();

    /// <summary>Tiki's results: their layout, their meaning and their names (<c>TikiVip:Reconciliation:Results</c>).</summary>
    public ReconciliationResultsOptions Results { get; set; } = new();

    /// <summary>The values configuration gave that could not be bound, each named; the validator reports them.</summary>
    internal List<string> SettingProblems { get; } = [];

    /// <summary>Which timestamp places a record on a day. Default: <see cref="ReconciliationDateBasis.CreatedAt"/>.</summary>
    public ReconciliationDateBasis DateBasis { get; set; }
}
