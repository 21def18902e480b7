using System.Diagnostics;

namespace TikiVip.Sdk.TestSupport;

/// <summary>
/// The tests' one way to wait for what another task, a process or a browser makes true: look again until it holds,
/// within a real-time bound whose expiry fails the test naming what was awaited. A bound, never a pause a test
/// relies on: timing-sensitive tests move a FakeTimeProvider and wait for explicit signals through this.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<bool> condition, string? what = null, TimeSpan? limit = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, limit);

    public static async Task TrueAsync(Func<Task<bool>> condition, string? what = null, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(5);
        while (!await condition())
        {
            Fail(clock, limit, what);
            await Task.Delay(pause);
            pause = Next(pause, TimeSpan.FromMilliseconds(50)); // a fake clock's step waits for this: keep it short
        }
    }

    /// <summary>For synchronous APIs (WebDriver): the first non-null <paramref name="probe"/> result.</summary>
    public static T Value<T>(Func<T?> probe, Func<string> what, TimeSpan? limit = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            Fail(clock, limit, what());
            Thread.Sleep(pause); // WebDriver's calls are synchronous: this is the one blocking wait of the tests
            pause = Next(pause, TimeSpan.FromMilliseconds(250));
        }
    }

    private static void Fail(Stopwatch clock, TimeSpan? limit, string? what)
    {
        if (clock.Elapsed > (limit ?? DefaultLimit))
        {
            throw new TimeoutException($"Not so within {(limit ?? DefaultLimit).TotalSeconds:0.#} s: {what ?? "the awaited condition"}");
        }
    }

    private static TimeSpan Next(TimeSpan pause, TimeSpan longest) => pause * 2 < longest ? pause * 2 : longest;
}
