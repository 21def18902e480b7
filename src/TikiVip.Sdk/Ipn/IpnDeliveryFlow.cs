namespace TikiVip.Sdk;

/// <summary>
/// Tiki's flow for an IPN: submit it (the client retries), and when every attempt failed transiently, ask Tiki
/// what it recorded. Shared as source by the client and by <c>FakeTikiVipClient</c>, so the fake follows the same rules.
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
        catch (TikiVipApiException ex) when (!ex.IsTransient)
        {
            return IpnDeliveryResult.Rejected(ex);
        }
        catch (TikiVipApiException ex)
        {
            ipnError = ex;
        }

        onUnconfirmed?.Invoke(ipn.TikiTransactionId);
        try
        {
            var transaction = await client.GetTransactionAsync(ipn.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            return IpnDeliveryResult.RecordedByTiki(ipnError, transaction);
        }
        catch (TikiVipApiException lookupError)
        {
            return IpnDeliveryResult.Unknown(ipnError, lookupError);
        }
    }
}
