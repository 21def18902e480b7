namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>What a round ended with, for the log.</summary>
internal enum OutboxEvent
{
    Delivered,
    Rejected,
    ConfirmedByLookup,
    Failed,
    WillRetry,
    PastDeliveryHorizon,
    PendingAtTiki,
    StillPending,
}
