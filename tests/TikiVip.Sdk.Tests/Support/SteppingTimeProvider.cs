namespace TikiVip.Sdk.Tests.Support;

/// <summary>A wall clock that starts at a fixed instant and moves by <see cref="Step"/> each time it is read.</summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public TimeSpan Step { get; init; } = TimeSpan.Zero;

    public static SteppingTimeProvider AtUnixMilliseconds(long milliseconds, TimeSpan step = default) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)) { Step = step };

    public override DateTimeOffset GetUtcNow() =>
        new(Interlocked.Add(ref _ticks, Step.Ticks) - Step.Ticks, TimeSpan.Zero);
}
