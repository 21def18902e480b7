using System.Globalization;

namespace TikiVip.Sdk.Audit;

/// <summary>
/// What an action was done to, as a typed value: the audit page links an IPN or a day to its page by
/// <see cref="Kind"/>, never by reading the words back. <see cref="ToString"/> gives the words a person reads and
/// searches ("IPN 42", "reconciliation 2026-11-30").
/// </summary>
public sealed record OperationsAuditTarget
{
    private OperationsAuditTarget(OperationsAuditTargetKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    /// <summary>What kind of thing it is.</summary>
    public OperationsAuditTargetKind Kind { get; }

    /// <summary>Which one: an IPN's number, a day (<c>yyyy-MM-dd</c>), a quarantine id, a filter, or the words of <see cref="OperationsAuditTargetKind.Other"/>.</summary>
    public string Id { get; }

    /// <summary>One IPN of the outbox.</summary>
    /// <param name="id">The IPN's number.</param>
    /// <returns>The target.</returns>
    public static OperationsAuditTarget Ipn(long id) => new(OperationsAuditTargetKind.Ipn, id.ToString(CultureInfo.InvariantCulture));

    /// <summary>A day of the reconciliation.</summary>
    /// <param name="day">The day, <c>yyyy-MM-dd</c>.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">The day is not written <c>yyyy-MM-dd</c>.</exception>
    public static OperationsAuditTarget ReconciliationDay(string day) =>
        DateTime.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? new(OperationsAuditTargetKind.ReconciliationDay, day)
            : throw new ArgumentException($"The day '{day}' is not written yyyy-MM-dd.", nameof(day));

    /// <summary>A quarantined refund.</summary>
    /// <param name="id">Its quarantine id.</param>
    /// <returns>The target.</returns>
    public static OperationsAuditTarget QuarantinedRefund(string id) => Named(OperationsAuditTargetKind.QuarantinedRefund, id);

    /// <summary>The failed IPNs a filter matched.</summary>
    /// <param name="filter">The filter, in words, e.g. <c>(transaction T-1)</c>.</param>
    /// <returns>The target.</returns>
    public static OperationsAuditTarget FailedIpns(string filter) => Named(OperationsAuditTargetKind.FailedIpns, filter);

    /// <summary>Anything else, in words.</summary>
    /// <param name="text">The words, e.g. a request's path.</param>
    /// <returns>The target.</returns>
    public static OperationsAuditTarget Other(string text) => Named(OperationsAuditTargetKind.Other, text);

    /// <summary>A target as a store kept it (its <see cref="Kind"/> and <see cref="Id"/>).</summary>
    /// <param name="kind">The kind stored.</param>
    /// <param name="id">The id stored.</param>
    /// <returns>The target; an IPN whose id is not a number, or a day that is not one, comes back as <see cref="OperationsAuditTargetKind.Other"/> in words.</returns>
    public static OperationsAuditTarget FromStored(OperationsAuditTargetKind kind, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var valid = kind switch
        {
            OperationsAuditTargetKind.Ipn => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            OperationsAuditTargetKind.ReconciliationDay => DateTime.TryParseExact(id, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            OperationsAuditTargetKind.QuarantinedRefund or OperationsAuditTargetKind.FailedIpns or OperationsAuditTargetKind.Other => true,
            _ => false,
        };
        return valid ? new(kind, id) : new(OperationsAuditTargetKind.Other, new OperationsAuditTarget(kind, id).ToString());
    }

    private static OperationsAuditTarget Named(OperationsAuditTargetKind kind, string id, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        ArgumentNullException.ThrowIfNull(id, parameter);
        return new(kind, id);
    }

    /// <summary>The target in words, as the page shows it and a search finds it.</summary>
    /// <returns>E.g. <c>IPN 42</c>, <c>reconciliation 2026-11-30</c>, <c>quarantined refund 9f…</c>, <c>failed IPNs (all)</c>.</returns>
    public override string ToString() => Kind switch
    {
        OperationsAuditTargetKind.Ipn => "IPN " + Id,
        OperationsAuditTargetKind.ReconciliationDay => "reconciliation " + Id,
        OperationsAuditTargetKind.QuarantinedRefund => "quarantined refund " + Id,
        OperationsAuditTargetKind.FailedIpns => "failed IPNs " + Id,
        _ => Id,
    };
}
