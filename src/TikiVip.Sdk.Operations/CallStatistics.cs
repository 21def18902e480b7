using System.Diagnostics.Metrics;
using TikiVip.Sdk.Diagnostics;

namespace TikiVip.Sdk.Operations;

/// <summary>
/// Tiki's health as this instance saw it: the SDK's own <c>tikivip.client.duration</c> measurements, kept per
/// minute for the last hour, per operation. Listens only to the meter of this application's services, so two
/// hosts in one process (tests) do not mix.
/// </summary>
internal sealed class CallStatistics : IDisposable
{
    internal const string InstrumentName = TikiVipDiagnostics.ClientDuration;
    internal static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How far back the hourly view reaches (and the minutes kept per operation).</summary>
    internal const int Hours = 24;

    /// <summary>Upper bounds (ms) of the latency buckets; the last bucket is everything slower.</summary>
    internal static readonly double[] LatencyBoundsMs = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly MeterListener _listener;
    private readonly Dictionary<string, OperationRecord> _operations = new(StringComparer.Ordinal);

    public CallStatistics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == InstrumentName && instrument.Meter.Name == TikiVipDiagnostics.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => Record(seconds, tags));
        _listener.Start();
    }

    /// <summary>The last hour, per operation, in name order.</summary>
    public IReadOnlyList<OperationStatistics> Snapshot()
    {
        var now = _time.GetUtcNow();
        var since = Minute(now - Window);
        lock (_lock)
        {
            return _operations.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.Summarise(pair.Key, since)).ToArray();
        }
    }

    /// <summary>The last <see cref="Hours"/> hours (this one included, so far), newest first, every operation together.</summary>
    public IReadOnlyList<HourStatistics> ByHour()
    {
        var thisHour = Minute(_time.GetUtcNow()) / 60 * 60;
        var hours = new HourStatistics[Hours];
        lock (_lock)
        {
            for (var h = 0; h < Hours; h++)
            {
                var start = thisHour - (h * 60);
                long calls = 0, failures = 0;
                var latency = new long[LatencyBoundsMs.Length + 1];
                foreach (var record in _operations.Values)
                {
                    record.AddUp(start, start + 60, ref calls, ref failures, latency);
                }

                hours[h] = new HourStatistics(DateTimeOffset.FromUnixTimeSeconds(start * 60), calls, failures, OperationRecord.Percentile(latency, calls, 0.95));
            }
        }

        return hours;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string operation = "?", outcome = TikiVipDiagnostics.FailureOutcome;
        string? errorType = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case TikiVipDiagnostics.OperationTag: operation = tag.Value as string ?? operation; break;
                case TikiVipDiagnostics.OutcomeTag: outcome = tag.Value as string ?? outcome; break;
                case TikiVipDiagnostics.ErrorTypeTag: errorType = tag.Value as string; break;
            }
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_operations.TryGetValue(operation, out var record))
            {
                _operations[operation] = record = new OperationRecord();
            }

            record.Add(Minute(now), now, seconds * 1000, outcome, errorType);
        }
    }

    private static long Minute(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    /// <summary>One operation's minutes of the last hour, in a ring indexed by minute.</summary>
    private sealed class OperationRecord
    {
        private readonly Slot[] _slots = new Slot[(Hours * 60) + 1];
        private DateTimeOffset? _lastSuccess;
        private DateTimeOffset? _lastFailure;
        private string? _lastErrorType;

        public void Add(long minute, DateTimeOffset now, double milliseconds, string outcome, string? errorType)
        {
            ref var slot = ref _slots[minute % _slots.Length];
            if (slot.Minute != minute)
            {
                slot = new Slot { Minute = minute, Latency = new long[LatencyBoundsMs.Length + 1] };
            }

            if (outcome == "cancelled")
            {
                slot.Cancelled++;
                return; // the caller gave up: says nothing about Tiki
            }

            slot.Calls++;
            slot.TotalMilliseconds += milliseconds;
            slot.Latency[BucketOf(milliseconds)]++;
            if (outcome == TikiVipDiagnostics.SuccessOutcome)
            {
                _lastSuccess = now;
            }
            else
            {
                slot.Failures++;
                _lastFailure = now;
                _lastErrorType = errorType ?? outcome;
            }
        }

        public OperationStatistics Summarise(string operation, long sinceMinute)
        {
            long calls = 0, failures = 0, cancelled = 0;
            double total = 0;
            var latency = new long[LatencyBoundsMs.Length + 1];
            foreach (var slot in _slots)
            {
                if (slot.Latency is null || slot.Minute < sinceMinute)
                {
                    continue;
                }

                calls += slot.Calls;
                failures += slot.Failures;
                cancelled += slot.Cancelled;
                total += slot.TotalMilliseconds;
                for (var i = 0; i < latency.Length; i++)
                {
                    latency[i] += slot.Latency[i];
                }
            }

            return new OperationStatistics(operation, calls, failures, cancelled, calls == 0 ? null : total / calls,
                Percentile(latency, calls, 0.50), Percentile(latency, calls, 0.95), _lastSuccess, _lastFailure, _lastErrorType);
        }

        /// <summary>Adds the minutes in [<paramref name="fromMinute"/>, <paramref name="toMinute"/>) to the totals.</summary>
        public void AddUp(long fromMinute, long toMinute, ref long calls, ref long failures, long[] latency)
        {
            foreach (var slot in _slots)
            {
                if (slot.Latency is null || slot.Minute < fromMinute || slot.Minute >= toMinute)
                {
                    continue;
                }

                calls += slot.Calls;
                failures += slot.Failures;
                for (var i = 0; i < latency.Length; i++)
                {
                    latency[i] += slot.Latency[i];
                }
            }
        }

        private static int BucketOf(double milliseconds)
        {
            var i = 0;
            while (i < LatencyBoundsMs.Length && milliseconds > LatencyBoundsMs[i])
            {
                i++;
            }

            return i;
        }

        /// <summary>The upper bound of the bucket holding the percentile; <see cref="double.PositiveInfinity"/> past the last bound.</summary>
        internal static double? Percentile(long[] latency, long calls, double fraction)
        {
            if (calls == 0)
            {
                return null;
            }

            var rank = (long)Math.Ceiling(calls * fraction);
            long seen = 0;
            for (var i = 0; i < latency.Length; i++)
            {
                seen += latency[i];
                if (seen >= rank)
                {
                    return i < LatencyBoundsMs.Length ? LatencyBoundsMs[i] : double.PositiveInfinity;
                }
            }

            return double.PositiveInfinity;
        }
    }

    private struct Slot
    {
        public long Minute;
        public long Calls;
        public long Failures;
        public long Cancelled;
        public double TotalMilliseconds;
        public long[] Latency;
    }
}
