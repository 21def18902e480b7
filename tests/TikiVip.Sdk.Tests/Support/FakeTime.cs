using Microsoft.Extensions.Time.Testing;

namespace TikiVip.Sdk.Tests.Support;

internal static class FakeTime
{
    /// <summary>A fake clock at a Unix time that moves by <paramref name="step"/> each time it is read.</summary>
    public static FakeTimeProvider AtUnixMilliseconds(long milliseconds, TimeSpan step = default) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)) { AutoAdvanceAmount = step };

    /// <summary>
    /// Moves fake time forward in steps until <paramref name="task"/> completes, so delays and timeouts driven by
    /// the <see cref="TimeProvider"/> elapse without their real duration. Between steps the work gets a moment
    /// to react; tests keep their own deadlines far beyond the steps they need, so a slow machine cannot make
    /// fake time overtake them.
    /// </summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        for (var i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(1));
        }

        Assert.True(task.IsCompleted, "The call did not finish after 10,000 steps of fake time.");
        return await task;
    }
}
