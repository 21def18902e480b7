using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The Tiki page's numbers, from the SDK's own <c>tikivip.client.duration</c> measurements.</summary>
public sealed class CallStatisticsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CallStatistics _statistics;
    private readonly Histogram<double> _duration;

    public CallStatisticsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _statistics = new CallStatistics(factory, _clock);
        _duration = factory.Create(new MeterOptions("TikiVip.Sdk")).CreateHistogram<double>(CallStatistics.InstrumentName, "s");
    }

    public void Dispose()
    {
        _statistics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Calls_failures_and_latency_percentiles_are_summed_per_operation()
    {
        for (var i = 0; i < 18; i++)
        {
            Record("SubmitIpn", 0.040, "success");
        }

        Record("SubmitIpn", 0.900, "failure", "http_5xx");
        Record("SubmitIpn", 3.0, "failure", "timeout");
        Record("GetTransaction", 0.004, "success");

        var (ipn, lookup) = (Single("SubmitIpn"), Single("GetTransaction"));

        Assert.Equal((20L, 2L), (ipn.Calls, ipn.Failures));
        Assert.Equal(0.10, ipn.ErrorRate!.Value, 6);
        Assert.Equal(50, ipn.P50Milliseconds);       // 40 ms falls in the bucket up to 50 ms
        Assert.Equal(1_000, ipn.P95Milliseconds);    // the 19th of 20 is the 900 ms failure
        Assert.Equal((18 * 40 + 900 + 3000) / 20.0, ipn.AverageMilliseconds!.Value, 6);
        Assert.Equal("timeout", ipn.LastErrorType);
        Assert.Equal(_clock.GetUtcNow(), ipn.LastSuccess);
        Assert.Equal((1L, 0.0, 5.0), (lookup.Calls, lookup.ErrorRate!.Value, lookup.P95Milliseconds!.Value));
    }

    [Fact]
    public void The_last_24_hours_are_counted_by_hour_and_older_calls_fall_out()
    {
        Record("SubmitIpn", 0.040, "failure", "http_5xx"); // 03:00 UTC, 25 hours before the end: gone by then
        _clock.Advance(TimeSpan.FromHours(2));
        Record("SubmitIpn", 0.040, "success");             // 05:00
        Record("GetTransaction", 0.300, "failure", "timeout");
        _clock.Advance(TimeSpan.FromMinutes(90));
        Record("SubmitIpn", 0.020, "success");             // 06:30
        _clock.Advance(TimeSpan.FromHours(21.5));          // 04:00 the next day

        var hours = _statistics.ByHour();

        Assert.Equal(24, hours.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero), hours[0].Start); // this hour first
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero), hours[^1].Start);
        var five = hours.Single(h => h.Start.Hour == 5 && h.Start.Day == 1);
        Assert.Equal((2L, 1L, 0.5, 500.0), (five.Calls, five.Failures, five.ErrorRate!.Value, five.P95Milliseconds!.Value));
        Assert.Equal(1L, hours.Single(h => h.Start.Hour == 6 && h.Start.Day == 1).Calls);
        Assert.Equal(3L, hours.Sum(h => h.Calls)); // the 03:00 failure is older than 24 hours
        Assert.All(_statistics.Snapshot(), o => Assert.Equal(0L, o.Calls)); // nothing in the last hour
    }

    [Fact]
    public void Cancelled_calls_are_the_callers_and_stay_out_of_the_error_rate()
    {
        Record("SubmitIpn", 0.020, "success");
        Record("SubmitIpn", 5.0, "cancelled");

        var ipn = Single("SubmitIpn");

        Assert.Equal((1L, 0L, 1L, 0.0), (ipn.Calls, ipn.Failures, ipn.Cancelled, ipn.ErrorRate!.Value));
    }

    [Fact]
    public void Only_the_last_hour_counts_but_the_last_success_is_remembered()
    {
        Record("SubmitIpn", 0.020, "success");
        var succeededAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(30));
        Record("SubmitIpn", 0.020, "failure", "http_5xx");
        _clock.Advance(TimeSpan.FromMinutes(31));

        var ipn = Single("SubmitIpn");

        Assert.Equal((1L, 1L, 1.0), (ipn.Calls, ipn.Failures, ipn.ErrorRate!.Value));
        Assert.Equal(succeededAt, ipn.LastSuccess);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((0L, (double?)null, (double?)null), (Single("SubmitIpn").Calls, Single("SubmitIpn").ErrorRate, Single("SubmitIpn").P50Milliseconds));
    }

    [Fact]
    public void A_call_slower_than_the_last_bucket_is_reported_as_beyond_it()
    {
        Record("SubmitIpn", 45.0, "failure", "timeout");

        Assert.Equal(double.PositiveInfinity, Single("SubmitIpn").P95Milliseconds);
    }

    [Fact]
    public void Another_applications_meter_of_the_same_name_is_not_counted()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = other.GetRequiredService<IMeterFactory>().Create(new MeterOptions("TikiVip.Sdk")).CreateHistogram<double>(CallStatistics.InstrumentName, "s");

        foreign.Record(0.01, new KeyValuePair<string, object?>("tikivip.operation", "SubmitIpn"), new("tikivip.outcome", "success"));

        Assert.Empty(_statistics.Snapshot());
    }

    private void Record(string operation, double seconds, string outcome, string? errorType = null)
    {
        if (errorType is null)
        {
            _duration.Record(seconds, new KeyValuePair<string, object?>("tikivip.operation", operation), new("tikivip.outcome", outcome));
        }
        else
        {
            _duration.Record(seconds, new KeyValuePair<string, object?>("tikivip.operation", operation), new("tikivip.outcome", outcome), new("error.type", errorType));
        }
    }

    private OperationStatistics Single(string operation) => Assert.Single(_statistics.Snapshot(), s => s.Operation == operation);
}
