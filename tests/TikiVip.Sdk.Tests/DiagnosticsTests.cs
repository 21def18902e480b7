using System.Net;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>Metrics on the host's IMeterFactory, collected per test (MetricCollector), with OpenTelemetry-style tags.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Failed_calls_are_counted_with_the_operation_and_the_error_type()
    {
        using var harness = new ClientHarness();
        using var requests = harness.Collect<long>("tikivip.client.requests");
        Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn").Then(HttpStatusCode.OK, """{"code":5,"message":"invalid amount"}""");

        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(new IpnRequest("T-metrics", "P", 1, TikiVipTransactionStatus.Success)));

        var measurement = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("SubmitIpn", measurement.Tags["tikivip.operation"]);
        Assert.Equal("failure", measurement.Tags["tikivip.outcome"]);
        Assert.Equal("InvalidAmount", measurement.Tags["error.type"]);
    }

    [Fact]
    public async Task A_successful_call_has_no_error_type()
    {
        using var harness = new ClientHarness();
        using var requests = harness.Collect<long>("tikivip.client.requests");
        using var duration = harness.Collect<double>("tikivip.client.duration");
        Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn").Then(HttpStatusCode.OK, """{"code":0,"message":"success"}""");

        await harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        var measurement = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal("success", measurement.Tags["tikivip.outcome"]);
        Assert.False(measurement.Tags.ContainsKey("error.type"));
        Assert.Single(duration.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_call_that_fails_while_its_answer_is_read_counts_as_a_failure()
    {
        using var harness = new ClientHarness();
        using var requests = harness.Collect<long>("tikivip.client.requests");
        Wire.On(harness.Http, HttpMethod.Get, ClientHarness.BaseAddress + "transaction")
            .Then(HttpStatusCode.OK, """{"code":0,"status":"SOMETHING_NEW","amount":1}""");

        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.GetTransactionAsync("T"));

        var measurement = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal("failure", measurement.Tags["tikivip.outcome"]);
        Assert.Equal("GetTransaction", measurement.Tags["tikivip.operation"]);
    }

    [Fact]
    public async Task Retries_are_counted_with_their_reason()
    {
        using var harness = new ClientHarness();
        using var retries = harness.Collect<long>("tikivip.client.retries");
        Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn")
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.OK, """{"code":0}""");

        await harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        var retry = Assert.Single(retries.GetMeasurementSnapshot());
        Assert.Equal("SubmitIpn", retry.Tags["tikivip.operation"]);
        Assert.Equal("HTTP 503", retry.Tags["tikivip.retry.reason"]);
    }

    [Fact]
    public async Task Two_service_providers_never_see_each_others_measurements()
    {
        using var first = new ClientHarness();
        using var second = new ClientHarness();
        using var secondRequests = second.Collect<long>("tikivip.client.requests");
        Wire.On(first.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn").Then(HttpStatusCode.OK, """{"code":0}""");

        await first.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        Assert.Empty(secondRequests.GetMeasurementSnapshot());
    }
}
