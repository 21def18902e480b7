namespace TikiVip.Sdk.Refunds;

/// <summary>Settings for receiving Tiki's refund callbacks.</summary>
public sealed class TikiVipRefundOptions
{
    /// <summary>The largest refund body accepted, in bytes; larger ones get 413. Default: 64 KiB.</summary>
    public int MaxBodySize { get; set; } = 64 * 1024;

    /// <summary>
    /// Secrets that are still accepted on incoming refunds during a secret rotation, besides the current
    /// <see cref="TikiVipOptions.ClientSecret"/>. Remove them once Tiki has switched.
    /// </summary>
    public IList<string> PreviousClientSecrets { get; set; } = new List<string>();

    /// <summary>How long a completed refund's <c>request_id</c> is remembered. Default: 30 days.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The most <c>request_id</c>s the in-memory idempotency store keeps. Past it, the oldest completed
    /// entries are forgotten first (with a warning at most once a minute, counting them). Default: 100,000.
    /// </summary>
    public int IdempotencyCapacity { get; set; } = 100_000;

    /// <summary>
    /// The most refunds the in-memory quarantine keeps (authentic callbacks whose body failed validation). Past
    /// it, new ones are answered 500 without being kept; Tiki retries them. Default: 1,000.
    /// </summary>
    public int QuarantineCapacity { get; set; } = 1_000;
}
