using System.Diagnostics.Metrics;
using System.Net;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Failed_calls_are_counted_by_operation_and_reason()
    {
        var measurements = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TikiVipDiagnostics.Name && instrument.Name == "tikivip.client.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((value, copy));
            }
        });
        listener.Start();
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, ClientHarness.BaseAddress + "payment/ipn").Then(HttpStatusCode.OK, """{"code":5,"message":"invalid amount"}""");

        await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(new IpnRequest("T-metrics", "P", 1, TikiVipTransactionStatus.Success)));

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Value == 1
                && (string?)m.Tags["operation"] == "SubmitIpn"
                && (string?)m.Tags["outcome"] == "failure"
                && (string?)m.Tags["reason"] == "InvalidAmount");
        }
    }
}
