using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>Retries (API reference, "The payment flow" step 3) with a fresh signature on every attempt.</summary>
public sealed class RetryTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";
    private const string Lookup = ClientHarness.BaseAddress + "transaction";

    private static IpnRequest AnIpn => new("T", "P", 1000, TikiVipTransactionStatus.Success);

    [Fact]
    public async Task Every_attempt_carries_a_fresh_timestamp_and_a_signature_valid_for_it()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000, TimeSpan.FromMilliseconds(250));
        using var harness = new ClientHarness(time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.BadGateway, "")
            .Then(HttpStatusCode.OK, """{"code":0,"message":"success"}""");

        await harness.Client.SubmitIpnAsync(AnIpn);

        Assert.Equal(3, wire.Requests.Count);
        Assert.Equal(3, wire.Requests.Select(r => r.Timestamp).Distinct().Count());
        Assert.Equal(3, wire.Requests.Select(r => r.Signature).Distinct().Count());
        Assert.All(wire.Requests, r => Assert.True(r.BodySignatureIsValid()));
        Assert.All(wire.Requests, r => Assert.Equal(wire.Requests[0].BodyText, r.BodyText));
    }

    [Fact]
    public async Task Bodyless_lookup_is_also_re_signed_per_attempt()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000, TimeSpan.FromSeconds(1));
        using var harness = new ClientHarness(time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup)
            .Then(HttpStatusCode.InternalServerError, "")
            .Then(HttpStatusCode.OK, """{"code":0,"status":"SUCCESS","amount":1}""");

        await harness.Client.GetTransactionAsync("T");

        Assert.Equal(2, wire.Requests.Count);
        Assert.NotEqual(wire.Requests[0].Timestamp, wire.Requests[1].Timestamp);
        Assert.All(wire.Requests, r => Assert.True(r.SignatureIsValidFor("/transaction?tiki_transaction_id=T")));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_statuses_are_retried_three_times_by_default(HttpStatusCode status)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(status, "{}");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Equal(4, wire.Requests.Count);
        Assert.True(ex.IsTransient);
        Assert.Equal(TikiVipRecommendedAction.Retry, ex.RecommendedAction);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task Other_client_errors_are_not_retried(HttpStatusCode status)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(status, "{}");

        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Single(wire.Requests);
    }

    [Fact]
    public async Task Network_failures_are_retried_and_then_reported_as_transient()
    {
        var attempts = 0;
        var network = new LambdaHandler((_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new HttpRequestException("Connection refused");
        });
        using var harness = new ClientHarness(network: network);

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Equal(4, attempts);
        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Retry_count_is_configurable()
    {
        using var harness = new ClientHarness(o => o.Retry.MaxRetryAttempts = 5);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");

        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Equal(6, wire.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_from_the_server_sets_the_delay()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000);
        using var harness = new ClientHarness(o => o.TotalTimeout = TimeSpan.FromMinutes(30), time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.TooManyRequests, "", r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)))
            .Then(HttpStatusCode.OK, """{"code":0}""");

        var call = harness.Client.SubmitIpnAsync(AnIpn);
        await wire.FirstRequest;
        await time.RunAsync(call, TimeSpan.FromSeconds(1));

        Assert.Equal(2, wire.Requests.Count);
        var retryLine = Assert.Single(harness.Logs.GetSnapshot(), e => e.Message.StartsWith("Retrying", StringComparison.Ordinal));
        Assert.Contains("in 30000 ms", retryLine.Message);
        Assert.Contains("HTTP 429", retryLine.Message);
        var waited = long.Parse(wire.Requests[1].Timestamp, CultureInfo.InvariantCulture) - long.Parse(wire.Requests[0].Timestamp, CultureInfo.InvariantCulture);
        Assert.True(waited >= 30_000, $"the retry came {waited} ms after the first attempt");
    }

    [Fact]
    public async Task A_hanging_attempt_is_abandoned_at_the_attempt_timeout_and_retried()
    {
        var attempts = 0;
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var network = new LambdaHandler(async (_, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                hanging.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":0}""") };
        });
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000);
        using var harness = new ClientHarness(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.TotalTimeout = TimeSpan.FromMinutes(30);
            },
            time: time,
            network: network);

        var call = harness.Client.SubmitIpnAsync(AnIpn);
        await hanging.Task;
        await time.RunAsync(call, TimeSpan.FromSeconds(1));

        Assert.Equal(2, attempts);
        Assert.Contains(harness.Logs.GetSnapshot(), e => e.Message.Contains("attempt timeout"));
    }

    [Fact]
    public async Task The_total_budget_ends_a_call_that_keeps_hanging()
    {
        var network = new LambdaHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000);
        using var harness = new ClientHarness(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(10);
                o.TotalTimeout = TimeSpan.FromSeconds(25);
                o.Retry.MaxRetryAttempts = 20;
            },
            time: time,
            network: network);

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => time.RunAsync(harness.Client.SubmitIpnAsync(AnIpn), TimeSpan.FromSeconds(1)));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Contains("time budget", ex.Message);
    }

    [Fact]
    public async Task Cancellation_during_the_backoff_delay_stops_at_once()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000);
        using var harness = new ClientHarness(
            o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMinutes(5);
                o.Retry.MaxDelay = TimeSpan.FromMinutes(5);
                o.TotalTimeout = TimeSpan.FromMinutes(30);
            },
            time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);

        var call = harness.Client.SubmitIpnAsync(AnIpn, cts.Token);
        await wire.FirstRequest;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => time.RunAsync(call, TimeSpan.FromMilliseconds(500)));

        Assert.Single(wire.Requests); // the 5-minute backoff never ended
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.SubmitIpnAsync(AnIpn, new CancellationToken(true)));

        Assert.Empty(wire.Requests);
    }
}
