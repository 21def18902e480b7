namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// How <c>created_at</c> and <c>updated_at</c> are written. Tiki agrees the format with each partner; all of them
/// are in <see cref="ReconciliationOptions.UtcOffset"/> (Vietnam time by default).
/// </summary>
public enum ReconciliationTimestampFormat
{
    /// <summary>ISO 8601 with the offset: <c>2026-11-21T12:00:00+07:00</c>. The default.</summary>
    Iso8601 = 0,

    /// <summary>ISO 8601 with milliseconds and the offset: <c>2026-11-21T12:00:00.123+07:00</c>.</summary>
    Iso8601Milliseconds = 1,

    /// <summary>Local date and time without offset: <c>2026-11-21 12:00:00</c>.</summary>
    LocalDateTime = 2,

    /// <summary>Local date and time with milliseconds, without offset: <c>2026-11-21 12:00:00.123</c>.</summary>
    LocalDateTimeMilliseconds = 3,
}
