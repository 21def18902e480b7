namespace TikiVip.Sdk.Shared;

/// <summary>
/// Tiki's flow for an IPN: submit it (the client retries), and whenever the answer may not be the whole truth ask
/// Tiki what it recorded. Shared as source by the client, the outbox and <c>FakeTikiVipClient</c>, so all follow
/// the same rules.
/// </summary>
internal static class IpnDeliveryFlow
{
    public static async Task<IpnDeliveryResult> RunAsync(
        ITikiVipClient client, IpnRequest ipn, Action<string>? onUnconfirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ipn);

        TikiVipApiException ipnError;
        try
        {
            return IpnDeliveryResult.Delivered(await client.SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false));
        }
        catch (TikiVipApiException ex) when (!ex.IsTransient && !ex.FollowsTransientFailure)
        {
            return IpnDeliveryResult.Rejected(ex);
        }
        catch (TikiVipApiException ex)
        {
            ipnError = ex;
        }

        onUnconfirmed?.Invoke(ipn.TikiTransactionId);
        return await ConfirmAsync(client, ipn.TikiTransactionId, ipnError, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a failed IPN needs a lookup before its outcome is final: a transient failure, or a refusal that came
    /// after an earlier attempt of the same delivery failed transiently (that attempt may have been recorded).
    /// </summary>
    public static bool NeedsLookup(TikiVipApiException ipnError, bool earlierAttemptFailedTransiently) =>
        ipnError.IsTransient || ipnError.FollowsTransientFailure || earlierAttemptFailedTransiently;

    /// <summary>
    /// Asks Tiki what it recorded for an IPN that was not confirmed. A refusal is final only when the lookup
    /// confirms Tiki has no such transaction (not found, or cancelled); a PENDING record is not an answer yet.
    /// </summary>
    public static async Task<IpnDeliveryResult> ConfirmAsync(
        ITikiVipClient client, string tikiTransactionId, TikiVipApiException ipnError, CancellationToken cancellationToken)
    {
        try
        {
            var transaction = await client.GetTransactionAsync(tikiTransactionId, cancellationToken).ConfigureAwait(false);
            return transaction.Status == TikiVipTransactionStatus.Pending
                ? IpnDeliveryResult.PendingAtTiki(ipnError, transaction)
                : IpnDeliveryResult.RecordedByTiki(ipnError, transaction);
        }
        catch (TikiVipApiException lookupError) when (!ipnError.IsTransient && ConfirmsNoRecord(lookupError))
        {
            return IpnDeliveryResult.Rejected(ipnError, lookupError);
        }
        catch (TikiVipApiException lookupError)
        {
            return IpnDeliveryResult.Unknown(ipnError, lookupError);
        }
    }

    private static bool ConfirmsNoRecord(TikiVipApiException lookupError) =>
        lookupError.ResultCode is TikiVipResultCode.TransactionNotFound or TikiVipResultCode.TransactionCancelled;
}
