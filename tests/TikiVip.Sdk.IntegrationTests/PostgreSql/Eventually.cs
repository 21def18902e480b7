namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>Waits for a condition another task makes true, with a real-time bound (a failure, not a pause the test relies on).</summary>
internal static class Eventually
{
    public static Task TrueAsync(Func<bool> condition) => TrueAsync(() => Task.FromResult(condition()));

    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
