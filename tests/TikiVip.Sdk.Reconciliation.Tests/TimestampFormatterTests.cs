using System.Globalization;
using System.Text;
using TikiVip.Sdk.Reconciliation.Files;

namespace TikiVip.Sdk.Reconciliation.Tests;

/// <summary>The writer's hand-written timestamps are byte for byte what the documented patterns produce.</summary>
public sealed class TimestampFormatterTests
{
    public static TheoryData<string> Formats() => new(Enum.GetNames<ReconciliationTimestampFormat>());

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_layout_matches_its_pattern_for_any_instant_and_offset_and_reads_back(string name)
    {
        var format = Enum.Parse<ReconciliationTimestampFormat>(name);
        var random = new Random(1121);
        var offsets = new[] { TimeSpan.FromHours(7), TimeSpan.Zero, TimeSpan.FromHours(-3.5), TimeSpan.FromHours(14), TimeSpan.FromHours(-12), TimeSpan.FromMinutes(345) };
        var instants = new[] { DateTimeOffset.UnixEpoch, new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 12, 30, 23, 59, 59, 999, TimeSpan.Zero) }
            .Concat(Enumerable.Range(0, 2_000).Select(_ => new DateTimeOffset(random.NextInt64(DateTimeOffset.UnixEpoch.Ticks, new DateTime(2100, 1, 1).Ticks), TimeSpan.Zero)));
        Span<byte> buffer = stackalloc byte[TimestampFormatter.MaxLength];

        foreach (var instant in instants)
        {
            foreach (var offset in offsets)
            {
                var expected = instant.ToOffset(offset).ToString(ReconciliationText.Patterns[format], CultureInfo.InvariantCulture);
                var written = TimestampFormatter.Write(instant, offset, format, buffer);

                Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
                Assert.True(TimestampFormatter.TryParse(expected, format, offset, out var back), expected);
                Assert.Equal(DateTimeOffset.ParseExact(expected, ReconciliationText.Patterns[format], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcTicks - (format is ReconciliationTimestampFormat.LocalDateTime or ReconciliationTimestampFormat.LocalDateTimeMilliseconds ? offset.Ticks : 0), back.UtcTicks);
            }
        }
    }
}
