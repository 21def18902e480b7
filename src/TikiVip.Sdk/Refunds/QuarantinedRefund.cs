using System.Text;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// An authentic refund callback (signature, client id and timestamp verified) whose body the SDK could not
/// accept: kept so that nothing Tiki sent is lost, until a person handles it and marks it resolved.
/// </summary>
public sealed class QuarantinedRefund
{
    /// <summary>Creates an entry (the SDK and the stores do this).</summary>
    /// <param name="id">The entry's id: the lowercase hex SHA-256 of the body, so a retry of the same body is the same entry.</param>
    /// <param name="requestId">The body's <c>request_id</c>, when one could be read.</param>
    /// <param name="body">The body, byte for byte.</param>
    /// <param name="field">The field that failed validation, when the problem is one field.</param>
    /// <param name="problem">What is wrong with the body.</param>
    /// <param name="receivedAt">When it first arrived.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="problem"/> is empty.</exception>
    public QuarantinedRefund(string id, string? requestId, ReadOnlyMemory<byte> body, string? field, string problem, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        Id = id;
        RequestId = requestId;
        Body = body;
        Field = field;
        Problem = problem;
        FirstReceivedAt = receivedAt;
        LastReceivedAt = receivedAt;
        Deliveries = 1;
    }

    /// <summary>The lowercase hex SHA-256 of the body.</summary>
    public string Id { get; }

    /// <summary>The body's <c>request_id</c>, when one could be read.</summary>
    public string? RequestId { get; }

    /// <summary>The body, byte for byte as Tiki sent it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as text (invalid UTF-8 shown as U+FFFD).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.ToArray());

    /// <summary>The field that failed validation, when the problem is one field.</summary>
    public string? Field { get; }

    /// <summary>What is wrong with the body.</summary>
    public string Problem { get; }

    /// <summary>When the body first arrived.</summary>
    public DateTimeOffset FirstReceivedAt { get; }

    /// <summary>When it last arrived (Tiki retries it until it is resolved).</summary>
    public DateTimeOffset LastReceivedAt { get; init; }

    /// <summary>How many times it arrived.</summary>
    public int Deliveries { get; init; }

    /// <summary>When a person marked it resolved, or <see langword="null"/> while it waits.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Who resolved it.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>What was done about it.</summary>
    public string? Resolution { get; init; }
}
