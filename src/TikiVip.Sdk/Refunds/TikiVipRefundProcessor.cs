using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Json;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The refund pipeline, free of any web framework: method and content type, bounded body, signature headers,
/// client id, time window, constant-time signature over the raw bytes (or their JSON.stringify form), strict
/// fields (an authentic body that fails them is quarantined, never dropped), idempotency, then the partner's
/// <see cref="IRefundHandler"/>. Hosts adapt their request to a <see cref="RefundDelivery"/> and
/// write back the <see cref="RefundResponse"/>.
/// </summary>
public sealed class TikiVipRefundProcessor
{
    private readonly IOptionsMonitor<TikiVipOptions> _options;
    private readonly IRefundIdempotencyStore _store;
    private readonly IRefundQuarantine _quarantine;
    private readonly IRefundHistory _history;
    private readonly TimeProvider _time;
    private readonly TikiVipMetrics _metrics;
    private readonly ILogger _logger;
    private int _seenSignatureForms;

    internal TikiVipRefundProcessor(
        IOptionsMonitor<TikiVipOptions> options,
        IRefundIdempotencyStore store,
        IRefundQuarantine quarantine,
        IRefundHistory history,
        TimeProvider time,
        TikiVipMetrics metrics,
        ILogger<TikiVipRefundProcessor> logger)
    {
        _options = options;
        _store = store;
        _quarantine = quarantine;
        _history = history;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Verifies a refund callback and, at most once per request id, hands it to the handler.</summary>
    /// <param name="delivery">The incoming request.</param>
    /// <param name="requestServices">The request's service scope, from which the <see cref="IRefundHandler"/> is resolved.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The response to send. Never throws for anything the caller sent; only cancellation propagates.</returns>
    public async Task<RefundResponse> ProcessAsync(RefundDelivery delivery, IServiceProvider requestServices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(requestServices);
        using var activity = TikiVipDiagnostics.ActivitySource.StartActivity("TikiVip Refund", ActivityKind.Server);
        var options = _options.CurrentValue;

        if (!string.Equals(delivery.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(405, "method_not_allowed", "method not allowed");
        }

        if (!IsJson(delivery.ContentType))
        {
            return Reject(415, "unsupported_media_type", "content type is not JSON");
        }

        var limit = options.Refunds.MaxBodySize;
        if (delivery.ContentLength > limit)
        {
            return Reject(413, "payload_too_large", "declared body too large");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = await ReadAtMostAsync(delivery.Body, buffer.AsMemory(0, limit + 1), cancellationToken).ConfigureAwait(false);
            if (length > limit)
            {
                return Reject(413, "payload_too_large", "body too large");
            }

            var body = buffer.AsMemory(0, length);
            if (Authenticate(delivery, body.Span, options, out var form) is { } reason)
            {
                // The caller learns only that authentication failed; the reason is for the partner's logs.
                return Reject(401, "invalid_signature", reason);
            }

            NoteSignatureForm(form);

            if (!RefundBodyParser.TryParse(body.Span, out var refund, out var failure))
            {
                // Authentic, so never dropped: kept for a person, and Tiki (which documents only 200 and 500) retries.
                var problem = failure.Field is null ? failure.Message : $"field {failure.Field}: {failure.Message}";
                return await QuarantineAsync(body, failure.Field, problem, cancellationToken).ConfigureAwait(false);
            }

            activity?.SetTag("tikivip.refund.request_id", refund!.RequestId);
            return await RunOnceAsync(refund!, body, requestServices, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<RefundResponse> RunOnceAsync(RefundRequest refund, ReadOnlyMemory<byte> body, IServiceProvider services, CancellationToken cancellationToken)
    {
        RefundClaim claim;
        try
        {
            claim = await _store.TryClaimAsync(refund, RefundBodyParser.Fingerprint(refund), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the store there is no exactly-once guarantee: refuse, and Tiki will try again.
            Log.RefundStoreFailed(_logger, ex, refund.RequestId, "claim");
            await AnsweredAsync(refund, RefundOutcome.StoreUnavailable, "store_unavailable").ConfigureAwait(false);
            return RefundResponse.Error(500, "refund_unavailable");
        }

        switch (claim.Status)
        {
            case RefundClaimStatus.AlreadyCompleted:
                Log.RefundDuplicate(_logger, refund.RequestId);
                await AnsweredAsync(refund, RefundOutcome.Duplicate).ConfigureAwait(false);
                return RefundResponse.Accepted(refund.RequestId);
            case RefundClaimStatus.InProgress:
                // Tiki retries on 500; by then the first delivery has finished one way or the other.
                Log.RefundInProgress(_logger, refund.RequestId);
                await AnsweredAsync(refund, RefundOutcome.InProgress).ConfigureAwait(false);
                return RefundResponse.Error(500, "refund_in_progress");
            case RefundClaimStatus.Conflict:
                Log.RefundConflict(_logger, refund.RequestId);
                await AnsweredAsync(refund, RefundOutcome.Conflict).ConfigureAwait(false);
                return RefundResponse.Error(409, "request_id_reused", "request_id", "This request_id was already used for a different refund.");
            case RefundClaimStatus.ExceedsTransactionAmount:
                // Authentic but more than was paid: never handled, kept for a person, and Tiki keeps retrying.
                var problem = $"refunding {refund.RefundAmount} VND would take Tiki transaction {refund.TikiTransactionId} to "
                    + $"{claim.AlreadyRefunded + refund.RefundAmount} VND refunded, more than its transaction_amount of {refund.TransactionAmount} VND "
                    + $"({claim.AlreadyRefunded} VND already refunded or in progress)";
                await AnsweredAsync(refund, RefundOutcome.ExceedsTransactionAmount, "exceeds_transaction_amount", problem, count: false).ConfigureAwait(false);
                return await QuarantineAsync(body, refund.RequestAmount is null ? "transaction_amount" : "request_amount", problem, cancellationToken).ConfigureAwait(false);
        }

        RefundResult result;
        try
        {
            var handler = services.GetRequiredService<IRefundHandler>();
            result = await handler.HandleAsync(refund, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{nameof(IRefundHandler)}.{nameof(IRefundHandler.HandleAsync)} returned null.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            Log.RefundHandlerThrew(_logger, ex, refund.RequestId);
            await AnsweredAsync(refund, RefundOutcome.Failed, "handler_exception", "handler threw " + ex.GetType().Name).ConfigureAwait(false);
            return RefundResponse.Error(500, "refund_failed");
        }

        if (!result.IsAccepted)
        {
            await ReleaseAsync(claim).ConfigureAwait(false);
            Log.RefundHandlerFailed(_logger, refund.RequestId, result.FailureReason!);
            await AnsweredAsync(refund, RefundOutcome.Failed, "handler_failed", result.FailureReason).ConfigureAwait(false);
            return RefundResponse.Error(500, "refund_failed");
        }

        // The refund happened: record it even if Tiki has hung up meanwhile. If that fails, still answer 200:
        // a 500 would make Tiki retry and the handler refund twice. The claim stays "in progress" meanwhile.
        try
        {
            await _store.CompleteAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.RefundStoreFailed(_logger, ex, refund.RequestId, "complete");
        }

        Log.RefundAccepted(_logger, refund.RequestId, refund.TikiTransactionId);
        await AnsweredAsync(refund, RefundOutcome.Accepted).ConfigureAwait(false);
        return RefundResponse.Accepted(refund.RequestId);
    }

    private async Task<RefundResponse> QuarantineAsync(ReadOnlyMemory<byte> body, string? field, string problem, CancellationToken cancellationToken)
    {
        var requestId = RefundBodyParser.TryReadRequestId(body.Span);
        var entry = new QuarantinedRefund(RefundBodyParser.BodyId(body.Span), requestId, body.ToArray(), field, problem, _time.GetUtcNow());
        QuarantinedRefund stored;
        try
        {
            stored = await _quarantine.AddAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Count("failed", "quarantine_unavailable");
            Log.RefundStoreFailed(_logger, ex, requestId ?? entry.Id, "quarantine");
            return RefundResponse.Error(500, "refund_unavailable");
        }

        if (stored.ResolvedAt is not null)
        {
            // A person handled it: stop Tiki's retries.
            Count("accepted", "quarantine_resolved");
            Log.RefundQuarantineResolved(_logger, requestId ?? "(unreadable)", stored.Id, stored.ResolvedBy ?? "?");
            return RefundResponse.Accepted(requestId ?? "");
        }

        Count("quarantined", field ?? "invalid_body");
        Log.RefundQuarantined(_logger, requestId ?? "(unreadable)", problem, stored.Id, stored.Deliveries);

        // The sender proved it is Tiki, so it may learn why: the field and the problem (values of its own body only).
        return RefundResponse.Error(500, "refund_quarantined", field, problem);
    }

    /// <summary>
    /// Counts how a parsed refund was answered and keeps it for support staff; the history is advisory, so its
    /// failure never changes the answer.
    /// </summary>
    private async ValueTask AnsweredAsync(RefundRequest refund, RefundOutcome outcome, string? errorType = null, string? detail = null, bool count = true)
    {
        if (count)
        {
            Count(
                outcome switch
                {
                    RefundOutcome.Accepted => "accepted",
                    RefundOutcome.Duplicate => "duplicate",
                    RefundOutcome.InProgress => "in_progress",
                    RefundOutcome.Conflict => "conflict",
                    _ => "failed",
                },
                errorType);
        }

        try
        {
            await _history.RecordAsync(
                new RefundHistoryEntry
                {
                    RequestId = refund.RequestId,
                    TikiTransactionId = refund.TikiTransactionId,
                    Amount = refund.RefundAmount,
                    Outcome = outcome,
                    Detail = detail,
                    At = _time.GetUtcNow(),
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.RefundStoreFailed(_logger, ex, refund.RequestId, "history");
        }
    }

    /// <summary>Gives the claim back so Tiki's retry runs the handler; if the store is down the claim's lease frees it later.</summary>
    private async Task ReleaseAsync(RefundClaim claim)
    {
        try
        {
            await _store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.RefundStoreFailed(_logger, ex, claim.RequestId, "release");
        }
    }

    /// <summary>
    /// Returns why the request is not authentic, or <see langword="null"/> when it is, with the form it was signed
    /// in. Every form Tiki's documents have described is accepted (either header family, the HMAC over the
    /// base64url payload or over the payload itself, the exact bytes or their JSON.stringify form); each check is
    /// constant-time, and the client id, the time window and the secret apply to every form alike.
    /// </summary>
    private string? Authenticate(RefundDelivery delivery, ReadOnlySpan<byte> body, TikiVipOptions options, out int form)
    {
        form = 0;
        var current = delivery.Timestamp is not null || delivery.ClientId is not null || delivery.Signature is not null;
        var earlier = delivery.TiniappTimestamp is not null || delivery.TiniappClientId is not null || delivery.TiniappSignature is not null;
        if (current && earlier
            && !(delivery.Timestamp == delivery.TiniappTimestamp && delivery.ClientId == delivery.TiniappClientId && delivery.Signature == delivery.TiniappSignature))
        {
            return "conflicting_headers";
        }

        var (timestampText, clientId, signature) = current || !earlier
            ? (delivery.Timestamp, delivery.ClientId, delivery.Signature)
            : (delivery.TiniappTimestamp, delivery.TiniappClientId, delivery.TiniappSignature);
        if (timestampText is null || clientId is null || signature is null)
        {
            return "missing_header";
        }

        if (timestampText.Length is 0 or > 18
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || signature.Length != TikiVipSignature.Length)
        {
            return "malformed_header";
        }

        if (!string.Equals(clientId, options.ClientId, StringComparison.Ordinal))
        {
            return "wrong_client_id";
        }

        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - timestamp;
        var tolerance = (long)options.TimestampTolerance.TotalMilliseconds;
        if (age > tolerance)
        {
            return "timestamp_too_old";
        }

        if (age < -tolerance)
        {
            return "timestamp_in_future";
        }

        var family = current ? 0 : SignatureForms.EarlierHeaders;
        if (SignedWithAnySecret(signature, timestamp, body, options, out var payload))
        {
            form = family | payload;
            return null;
        }

        // Tiki's signing page computes json_stringify(body): a sender may sign the re-serialised form of what it
        // sends. Only tried after the raw bytes failed, so the common case costs one HMAC.
        var stringified = JsonStringify.Canonicalize(body);
        if (stringified is not null && !body.SequenceEqual(stringified) && SignedWithAnySecret(signature, timestamp, stringified, options, out payload))
        {
            form = family | payload | SignatureForms.Stringified;
            return null;
        }

        return "bad_signature";
    }

    private static bool SignedWithAnySecret(string signature, long timestamp, ReadOnlySpan<byte> data, TikiVipOptions options, out int payload)
    {
        payload = 0;
        if (SignedWith(signature, timestamp, data, options.ClientId, options.ClientSecret, ref payload))
        {
            return true;
        }

        foreach (var previous in options.Refunds.PreviousClientSecrets)
        {
            if (SignedWith(signature, timestamp, data, options.ClientId, previous, ref payload))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SignedWith(string signature, long timestamp, ReadOnlySpan<byte> data, string clientId, string secret, ref int payload)
    {
        if (TikiVipSignature.Verify(signature, timestamp, clientId, data, secret, TikiVipSignedPayload.Base64Url))
        {
            return true;
        }

        payload = SignatureForms.RawPayload;
        return TikiVipSignature.Verify(signature, timestamp, clientId, data, secret, TikiVipSignedPayload.Raw);
    }

    /// <summary>Counts the form every authentic callback came in, and logs each form once per process, so a partner learns what Tiki sends.</summary>
    private void NoteSignatureForm(int form)
    {
        _metrics.CountRefundSignature(SignatureForms.Names[form]);
        var bit = 1 << form;
        int seen;
        do
        {
            seen = Volatile.Read(ref _seenSignatureForms);
            if ((seen & bit) != 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _seenSignatureForms, seen | bit, seen) != seen);

        Log.RefundSignatureForm(_logger, SignatureForms.Names[form]);
    }

    private RefundResponse Reject(int statusCode, string error, string reason)
    {
        Count("rejected", reason.Replace(' ', '_'));
        Log.RefundRejected(_logger, statusCode, reason);
        return RefundResponse.Error(statusCode, error);
    }

    private void Count(string outcome, string? errorType) => _metrics.CountRefund(outcome, errorType);

    /// <summary>application/json, text/json or any +json type, parameters (charset) allowed; parsed without allocating.</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.IndexOf('/') > 0);
    }

    private static async Task<int> ReadAtMostAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }
}
