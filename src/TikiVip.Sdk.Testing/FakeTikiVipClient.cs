using System.Collections.Concurrent;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Testing;

/// <summary>
/// An <see cref="ITikiVipClient"/> for partners' unit tests, with no HTTP at all: it records every call and answers
/// from rules a test sets. By default it behaves like a Tiki that accepts every IPN and remembers it, so a status
/// lookup returns what was reported. <see cref="DeliverIpnAsync"/> follows the real client's flow (submit, then
/// look up after a transient failure). For tests over real HTTP use <see cref="TikiVipEmulator"/>.
/// </summary>
/// <example><code>
/// var tiki = new FakeTikiVipClient();
/// tiki.OnSubmitIpn = ipn => throw FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn);
/// var checkout = new CheckoutService(tiki);          // the partner's code under test
/// await checkout.CompleteAsync(order);
/// Assert.Single(tiki.SubmittedIpns);
/// </code></example>
public sealed class FakeTikiVipClient : ITikiVipClient
{
    private readonly ConcurrentQueue<IpnRequest> _ipns = new();
    private readonly ConcurrentQueue<string> _lookups = new();
    private readonly ConcurrentQueue<WebviewRequest> _webviews = new();
    private readonly ConcurrentDictionary<string, IpnRequest> _reported = new(StringComparer.Ordinal);

    /// <summary>Creates a fake with the default, accepting behaviour.</summary>
    public FakeTikiVipClient()
    {
        OnSubmitIpn = ipn => new IpnResult(ipn.TransactionId, "fake-" + ipn.TransactionId, "success");
        OnGetTransaction = id => _reported.TryGetValue(id, out var ipn)
            ? new TikiTransaction(id, ipn.TransactionId, ipn.Status, ipn.Amount)
            : throw TikiVipApiException.FromResultCode(TikiVipOperation.GetTransaction, (int)TikiVipResultCode.TransactionNotFound, "transaction not found");
        OnCreateWebview = request => new WebviewLinks(
            new Uri("https://tiki.vn/apps/vn.tiki.vip?code=" + Uri.EscapeDataString(request.IdentifyCode)),
            new Uri("https://tiki.vn/apps/vn.tiki.vip/callback/index?code=" + Uri.EscapeDataString(request.IdentifyCode)),
            "fake-webview");
    }

    /// <summary>Answers <see cref="SubmitIpnAsync"/>; throw a <see cref="TikiVipApiException"/> from it to fail the call.</summary>
    public Func<IpnRequest, IpnResult> OnSubmitIpn { get; set; }

    /// <summary>Answers <see cref="GetTransactionAsync"/>. Default: the last IPN accepted for that id, else code 3 (not found).</summary>
    public Func<string, TikiTransaction> OnGetTransaction { get; set; }

    /// <summary>Answers <see cref="CreateWebviewAsync"/>.</summary>
    public Func<WebviewRequest, WebviewLinks> OnCreateWebview { get; set; }

    /// <summary>Every IPN submitted, in order, including those that failed.</summary>
    public IReadOnlyCollection<IpnRequest> SubmittedIpns => _ipns;

    /// <summary>Every Tiki transaction id looked up, in order.</summary>
    public IReadOnlyCollection<string> LookedUpTransactions => _lookups;

    /// <summary>Every webview request, in order.</summary>
    public IReadOnlyCollection<WebviewRequest> WebviewRequests => _webviews;

    /// <summary>
    /// The exception the real client throws when Tiki cannot be reached within the retry budget: transient,
    /// recommended action <see cref="TikiVipRecommendedAction.Retry"/>.
    /// </summary>
    /// <param name="operation">The operation that fails.</param>
    /// <returns>The exception, not thrown.</returns>
    public static TikiVipApiException Unreachable(TikiVipOperation operation) =>
        new(operation, "Tiki could not be reached (FakeTikiVipClient).", isTransient: true, recommendedAction: TikiVipRecommendedAction.Retry);

    /// <inheritdoc/>
    public Task<IpnResult> SubmitIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        cancellationToken.ThrowIfCancellationRequested();
        _ipns.Enqueue(ipn);
        var result = OnSubmitIpn(ipn);
        _reported[ipn.TikiTransactionId] = ipn;
        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public Task<TikiTransaction> GetTransactionAsync(string tikiTransactionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        cancellationToken.ThrowIfCancellationRequested();
        _lookups.Enqueue(tikiTransactionId);
        return Task.FromResult(OnGetTransaction(tikiTransactionId));
    }

    /// <inheritdoc/>
    public Task<WebviewLinks> CreateWebviewAsync(WebviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _webviews.Enqueue(request);
        return Task.FromResult(OnCreateWebview(request));
    }

    /// <inheritdoc/>
    public Task<IpnDeliveryResult> DeliverIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default) =>
        IpnDeliveryFlow.RunAsync(this, ipn, onUnconfirmed: null, cancellationToken);
}
