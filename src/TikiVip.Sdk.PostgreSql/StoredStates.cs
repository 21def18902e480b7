using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Refunds;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// The smallint each state is stored as, in one place: statements and the schema's partial indexes interpolate
/// these names, never a bare number. They are the enums' own values, which rows hold, so they never change.
/// </summary>
internal static class StoredStates
{
    public const short OutboxPending = (short)IpnOutboxState.Pending;
    public const short OutboxDelivered = (short)IpnOutboxState.Delivered;
    public const short OutboxConfirmedByLookup = (short)IpnOutboxState.ConfirmedByLookup;
    public const short OutboxFailed = (short)IpnOutboxState.Failed;

    public const short RefundRunning = (short)RefundRequestState.Running;
    public const short RefundCompleted = (short)RefundRequestState.Completed;
}
