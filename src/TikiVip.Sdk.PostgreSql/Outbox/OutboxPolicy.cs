namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>The settings and the moment a decision is taken at: the outbox's options, the clock's now, a jitter drawn for it.</summary>
internal sealed record OutboxPolicy(TimeSpan Backoff, TimeSpan MaxBackoff, TimeSpan DeliveryHorizon, TimeSpan PendingHorizon, DateTimeOffset Now, double Jitter)
{
    public static OutboxPolicy Of(TikiVipPostgreSqlOptions options, DateTimeOffset now, double jitter) =>
        new(options.Outbox.Backoff, options.Outbox.MaxBackoff, options.Outbox.DeliveryHorizon, options.Outbox.PendingHorizon, now, jitter);
}
