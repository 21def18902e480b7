namespace TikiVip.Sdk;

/// <summary>How calls to Tiki are retried after transient failures.</summary>
public sealed class TikiVipRetryOptions
{
    /// <summary>Retries after the first attempt. Tiki asks for at least 3. Default: 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first delay of the exponential backoff (jittered). Default: 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed backoff delay. A server's <c>Retry-After</c> is honoured as given. Default: 15 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);
}
