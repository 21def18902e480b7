using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests;

/// <summary>The SDK client against the emulator over real loopback HTTP.</summary>
public sealed class EmulatorClientTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;
    private ServiceProvider _services = null!;
    private ITikiVipClient _client = null!;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        (_services, _client) = CreateClient(_tiki.ConfigureClient);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _tiki.DisposeAsync();
    }

    [Fact]
    public async Task An_ipn_updates_tikis_ledger_and_the_lookup_reads_it_back()
    {
        var tikiId = _tiki.CreateTransaction(100_000);

        var result = await _client.SubmitIpnAsync(new IpnRequest(tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success) { PartnerBankingMethod = "VISA" });
        var transaction = await _client.GetTransactionAsync(tikiId);

        Assert.Equal("P-1", result.TransactionId);
        Assert.Equal(TikiVipTransactionStatus.Success, transaction.Status);
        Assert.Equal("P-1", transaction.PartnerTransactionId);
        Assert.Equal(100_000, transaction.Amount);
        Assert.Equal("VISA", _tiki.GetTransaction(tikiId).PartnerBankingMethod);
        Assert.All(_tiki.Requests, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task Ledger_violations_come_back_as_tikis_result_codes()
    {
        var known = _tiki.CreateTransaction(100_000);
        var foreign = _tiki.CreateTransactionOfAnotherPartner(5_000);
        var cancelled = _tiki.CreateTransaction(7_000);
        _tiki.CancelTransaction(cancelled);

        Assert.Equal(TikiVipResultCode.TransactionNotFound, (await IpnFailure("UNKNOWN", 1)).ResultCode);
        Assert.Equal(TikiVipResultCode.TransactionNotOwned, (await IpnFailure(foreign, 5_000)).ResultCode);
        Assert.Equal(TikiVipResultCode.InvalidAmount, (await IpnFailure(known, 99_999)).ResultCode);
        Assert.Equal(TikiVipResultCode.TransactionCancelled, (await IpnFailure(cancelled, 7_000)).ResultCode);
        var lookup = await Assert.ThrowsAsync<TikiVipApiException>(() => _client.GetTransactionAsync("UNKNOWN"));
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, lookup.RecommendedAction);
    }

    [Theory]
    [InlineData(TikiVipEnvelopeRevision.Current, HttpStatusCode.OK, 5, false)]
    [InlineData(TikiVipEnvelopeRevision.Middle, HttpStatusCode.BadRequest, null, false)]
    [InlineData(TikiVipEnvelopeRevision.First, HttpStatusCode.InternalServerError, 5, false)] // a business code outranks the 500
    public async Task Every_envelope_revision_is_understood_end_to_end(
        TikiVipEnvelopeRevision revision, HttpStatusCode failureStatus, int? failureCode, bool failureIsTransient)
    {
        _tiki.Revision = revision;
        var tikiId = _tiki.CreateTransaction(100_000);

        await _client.SubmitIpnAsync(new IpnRequest(tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success));
        var transaction = await _client.GetTransactionAsync(tikiId);
        var failure = await IpnFailure(tikiId, 1);

        Assert.Equal(TikiVipTransactionStatus.Success, transaction.Status);
        Assert.Equal(failureStatus, failure.StatusCode);
        Assert.Equal(failureCode, failure.Code);
        Assert.Equal("invalid transaction amount", failure.TikiMessage);
        Assert.Equal(failureIsTransient, failure.IsTransient);
    }

    [Fact]
    public async Task Injected_failures_are_retried_with_a_fresh_valid_signature_each_time()
    {
        var tikiId = _tiki.CreateTransaction(100_000);
        _tiki.FailNextRequests(2, HttpStatusCode.BadGateway);

        await _client.SubmitIpnAsync(new IpnRequest(tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success));

        var attempts = _tiki.Requests;
        Assert.Equal([502, 502, 200], attempts.Select(a => a.StatusCode));
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.Equal(3, attempts.Select(a => a.Headers["X-Tikivip-Signature"]).Distinct().Count());
        Assert.Equal(1, _tiki.GetTransaction(tikiId).AcceptedIpnCount);
    }

    [Fact]
    public async Task A_hanging_call_is_abandoned_at_the_attempt_timeout_and_retried()
    {
        var (services, client) = CreateClient(o =>
        {
            _tiki.ConfigureClient(o);
            o.AttemptTimeout = TimeSpan.FromSeconds(1); // the answered attempt must fit too, on a loaded CI machine (300 ms once did not)
        });
        await using var _ = services;
        var tikiId = _tiki.CreateTransaction(1_000);
        _tiki.TimeOutNextRequests(1);

        var transaction = await client.GetTransactionAsync(tikiId);

        Assert.Equal(TikiVipTransactionStatus.Pending, transaction.Status);
        Assert.Equal(2, _tiki.Requests.Count);
    }

    [Fact]
    public async Task When_every_ipn_attempt_fails_delivery_falls_back_to_the_lookup()
    {
        var tikiId = _tiki.CreateTransaction(100_000);
        _tiki.FailNextRequests(4);

        var delivery = await _client.DeliverIpnAsync(new IpnRequest(tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success));

        Assert.Equal(IpnDeliveryStatus.PendingAtTiki, delivery.Status); // PENDING is not an answer yet
        Assert.Equal(TikiVipTransactionStatus.Pending, delivery.Transaction!.Status);
        Assert.Equal(["/payment/ipn", "/payment/ipn", "/payment/ipn", "/payment/ipn", $"/transaction?tiki_transaction_id={tikiId}"], _tiki.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Webview_links_come_back_from_the_emulator()
    {
        var links = await _client.CreateWebviewAsync(new WebviewRequest("CUST 1", "+84912345678"));

        Assert.StartsWith("https://tiki.vn/apps/vn.tiki.vip?identify_code=CUST%201", links.OpenUrl.AbsoluteUri);
        Assert.NotNull(links.RequestId);
        Assert.Contains("\"identify_phone\":84912345678", _tiki.Requests[0].Body);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_emulator_and_reported_as_a_credentials_problem()
    {
        var (services, client) = CreateClient(o =>
        {
            _tiki.ConfigureClient(o);
            o.ClientSecret = "wrong";
        });
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => client.GetTransactionAsync(_tiki.CreateTransaction(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(TikiVipRecommendedAction.CheckCredentials, ex.RecommendedAction);
        Assert.False(Assert.Single(_tiki.Requests).SignatureValid);
    }

    [Fact]
    public async Task A_client_whose_clock_is_ten_minutes_slow_is_refused()
    {
        var (services, client) = CreateClient(_tiki.ConfigureClient, new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-10)));
        await using var _ = services;

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => client.GetTransactionAsync(_tiki.CreateTransaction(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Unsigned_requests_are_recorded_and_refused()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(_tiki.BaseAddress, "payment/ipn"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var record = Assert.Single(_tiki.Requests);
        Assert.False(record.SignatureValid);
        Assert.Equal("/payment/ipn", record.PathAndQuery);
    }

    private async Task<TikiVipApiException> IpnFailure(string tikiId, long amount) =>
        await Assert.ThrowsAsync<TikiVipApiException>(() => _client.SubmitIpnAsync(new IpnRequest(tikiId, "P-X", amount, TikiVipTransactionStatus.Success)));

    private static (ServiceProvider Services, ITikiVipClient Client) CreateClient(Action<TikiVipOptions> configure, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTikiVip(o =>
        {
            configure(o);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        });
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<ITikiVipClient>());
    }
}
