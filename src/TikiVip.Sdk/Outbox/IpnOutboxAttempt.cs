namespace TikiVip.Sdk.Outbox;

/// <summary>
/// One call the outbox made to Tiki for an entry, kept with the entry (and removed with it) so support staff can
/// read an IPN's whole story: when, from which instance, how long it took and what Tiki answered.
/// </summary>
public sealed class IpnOutboxAttempt
{
    /// <summary>The delivery round it belongs to (the entry's <see cref="IpnOutboxEntry.Attempts"/> at the time; a requeue starts again at 1).</summary>
    public int Round { get; init; }

    /// <summary>
    /// Which HTTP attempt of the call this is (1 for the first try, 2 for the client's first retry, ...), or
    /// <see langword="null"/> when the call was recorded as a whole (a client that does not report its attempts).
    /// </summary>
    public int? Try { get; init; }

    /// <summary>The IPN, or the status lookup after it.</summary>
    public IpnOutboxAttemptKind Kind { get; init; }

    /// <summary>When the call started.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>How long the attempt took (the whole call, its retries included, when <see cref="Try"/> is <see langword="null"/>).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The instance that made it (machine, process and a per-start id).</summary>
    public string Instance { get; init; } = "";

    /// <summary>Whether Tiki accepted the IPN, or the lookup returned Tiki's record.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The HTTP status of Tiki's answer, when one arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Tiki's result code, when its answer carried one.</summary>
    public int? TikiCode { get; init; }

    /// <summary>What came back, in words for a person: Tiki's message and recommended action, the status found, or the transport error.</summary>
    public string Result { get; init; } = "";
}
