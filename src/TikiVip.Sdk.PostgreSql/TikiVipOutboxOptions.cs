namespace TikiVip.Sdk.PostgreSql;

/// <summary>The IPN outbox's settings (<c>TikiVip:PostgreSql:Outbox</c>): how it delivers, retries and keeps IPNs.</summary>
public sealed class TikiVipOutboxOptions
{
    /// <summary>Run the background IPN delivery in this instance (off for a tool that only reads the tables). Default: on.</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>
    /// How often to look for due IPNs when nothing woke the instance: a new IPN wakes it at once (PostgreSQL's
    /// NOTIFY, sent when the enqueueing transaction commits), so this only bounds how late a retry that has become
    /// due, or a missed notification, is seen. Default: 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most IPNs claimed in one statement. Default: 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// How many IPNs one instance delivers at once; a slow or hanging call holds one of them, never the instance.
    /// At most <c>TikiVip:MaxConnectionsPerServer</c>. Default: 32 (measured: see the README's outbox table).
    /// </summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// How long a claimed IPN is reserved for the instance delivering it, renewed as each one is sent. Must exceed
    /// twice <c>TikiVip:TotalTimeout</c> (an IPN and its lookup). Default: 3 minutes.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Delivery rounds (each with the client's own retries) before each further round also looks the transaction
    /// up, as Tiki's flow asks when an IPN's fate is unknown. Rounds that could not reach Tiki never end an IPN: see
    /// <see cref="DeliveryHorizon"/>. Default: 5.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after a failed round, doubled each round up to <see cref="MaxBackoff"/>, with jitter. Default: 10 seconds.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two rounds of one IPN (while Tiki answers, e.g. with errors). Default: 5 minutes.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// While Tiki is unreachable, the longest wait between the end of one probe and the start of the next (the wait
    /// starts at <see cref="Backoff"/> and doubles up to this). One probe is one round of one IPN, made by one instance
    /// for all of them and held by it until the round settles, so probes never overlap however long a round hangs.
    /// After an outage of any length the first IPN reaches Tiki within this, plus one round's retry delays, plus
    /// <see cref="PollInterval"/>. It bounds the cost too: at most 3600 s / this probes an hour (about 120 at the
    /// default), each at most the HTTP attempts of one round (the IPN and, from <see cref="MaxAttempts"/> rounds on,
    /// its lookup, each with the client's retries). Between 1 second and 1 hour. Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an IPN may stay undelivered because Tiki could not be reached (timeouts, connection failures, 5xx,
    /// 429, Tiki's system error) before it is handed to a person as failed. Until then such failures only delay it.
    /// Default: 72 hours.
    /// </summary>
    public TimeSpan DeliveryHorizon { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// How long the outbox keeps looking up an IPN whose transaction Tiki records as PENDING (with the same backoff
    /// as the rounds, at most <see cref="MaxBackoff"/> apart) before it ends the entry as failed for a person.
    /// Default 24 hours.
    /// </summary>
    public TimeSpan PendingHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a settled IPN (delivered, or confirmed by Tiki's lookup) is kept, with its calls to Tiki, before the
    /// cleanup (every <see cref="TikiVipPostgreSqlOptions.RetentionCleanupInterval"/>) deletes it; failed and pending entries are never
    /// deleted. At least a day; <see langword="null"/> keeps every entry. Default: 90 days.
    /// </summary>
    /// <remarks>An outcome enqueued again after its entry was deleted is a new entry, and sent again.</remarks>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(90);
}
