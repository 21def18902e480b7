namespace TikiVip.Sdk.Reconciliation.Files;

/// <summary>
/// The named timestamp formats a layout's <see cref="ReconciliationFileLayout.TimestampFormat"/> may give, written
/// and read by hand for speed; all are in the layout's <see cref="ReconciliationFileLayout.UtcOffset"/>.
/// </summary>
internal enum ReconciliationTimestampFormat
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
