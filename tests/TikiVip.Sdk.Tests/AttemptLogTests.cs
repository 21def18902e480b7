using System.Net;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>TikiVipAttemptLog: each HTTP attempt of a call, on the flow that opened the log only.</summary>
public sealed class AttemptLogTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";

    private static IpnRequest AnIpn => new("T", "P", 1000, TikiVipTransactionStatus.Success);

    [Fact]
    public async Task Each_try_of_a_retried_call_is_recorded_with_its_own_answer()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000, TimeSpan.FromMilliseconds(250));
        using var harness = new ClientHarness(time: time);
        Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""")
            .Then(HttpStatusCode.OK, """{"code":0,"message":"success"}""");

        using var log = TikiVipAttemptLog.Start();
        await harness.Client.SubmitIpnAsync(AnIpn);

        Assert.Collection(log.Attempts,
            first => Assert.Equal((1, 503, false, (string?)null), (first.Number, first.HttpStatus, first.SystemError, first.Error)),
            second => Assert.Equal((2, 200, true), (second.Number, second.HttpStatus, second.SystemError)),
            third => Assert.Equal((3, 200, false), (third.Number, third.HttpStatus, third.SystemError)));
        Assert.All(log.Attempts, a => Assert.Equal(TikiVipOperation.SubmitIpn, a.Operation));
        Assert.True(log.Attempts[0].At < log.Attempts[1].At && log.Attempts[1].At < log.Attempts[2].At);
    }

    [Fact]
    public async Task A_try_with_no_answer_says_why_and_nothing_is_recorded_after_the_log_is_disposed()
    {
        using var harness = new ClientHarness(network: new LambdaHandler((_, _) => throw new HttpRequestException("Connection refused")));

        var log = TikiVipAttemptLog.Start();
        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));
        var recorded = log.Attempts;
        log.Dispose();
        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Equal(4, recorded.Count); // the try and the three default retries
        Assert.All(recorded, a => Assert.Equal("network error: Connection refused", a.Error));
        Assert.All(recorded, a => Assert.Null(a.HttpStatus));
        Assert.Equal(4, log.Attempts.Count); // the second call went unrecorded
    }

    [Fact]
    public async Task A_log_opened_inside_another_takes_the_calls_made_while_it_is_open()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0,"message":"success"}""");
        using var log = TikiVipAttemptLog.Start();

        await Task.Run(async () =>
        {
            using var other = TikiVipAttemptLog.Start(); // e.g. a partner's own log around one of its calls
            await harness.Client.SubmitIpnAsync(AnIpn);
            Assert.Single(other.Attempts);
        });

        Assert.Empty(log.Attempts);
    }
}
