using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.DependencyInjection;

/// <summary>Checks the settings at start-up; every message names the setting and what is wrong with it.</summary>
internal sealed class TikiVipOptionsValidator : IValidateOptions<TikiVipOptions>
{
    private const string S = TikiVipOptions.SectionName;
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, TikiVipOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.AddError($"{S}:ClientId is required: the client id Tiki issued to the partner.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.AddError($"{S}:ClientSecret is required: the client secret Tiki issued to the partner.");
        }

        if (options.BaseAddress is { } address)
        {
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
            {
                failures.AddError($"{S}:BaseAddress must be an absolute http or https address, e.g. https://api.tala.xyz/miniapp/tikivip/.");
            }
            else if (!address.AbsolutePath.EndsWith('/'))
            {
                failures.AddError($"{S}:BaseAddress must end with '/' (got '{address}'), or the API paths would replace its last segment.");
            }
        }
        else if (options.Environment is null)
        {
            failures.AddError($"{S}:Environment is not set: set it to 'Production' or 'Sandbox', or set {S}:BaseAddress. There is no default, so nothing reaches production by accident.");
        }
        else if (!Enum.IsDefined<TikiVipEnvironment>(options.Environment.Value))
        {
            failures.AddError($"{S}:Environment must be 'Production' or 'Sandbox'.");
        }

        if (options.TimestampTolerance <= TimeSpan.Zero || options.TimestampTolerance > TimeSpan.FromHours(1))
        {
            failures.AddError($"{S}:TimestampTolerance must be positive and at most 1 hour (default 00:05:00); got {options.TimestampTolerance}.");
        }

        if (options.TotalTimeout < MinTimeout || options.TotalTimeout > MaxTimeout)
        {
            failures.AddError($"{S}:TotalTimeout must be between 10 ms and 1 hour; got {options.TotalTimeout}.");
        }

        if (options.MaxConnectionsPerServer is < 1 or > 10_000)
        {
            failures.AddError($"{S}:MaxConnectionsPerServer must be between 1 and 10,000; got {options.MaxConnectionsPerServer}.");
        }

        if (options.AttemptTimeout < MinTimeout || options.AttemptTimeout > options.TotalTimeout)
        {
            failures.AddError($"{S}:AttemptTimeout must be at least 10 ms and at most TotalTimeout ({options.TotalTimeout}); got {options.AttemptTimeout}.");
        }

        ValidateRetry(options.Retry, failures);
        if (options.Retry is not null && CumulativeDelay(options.Retry) is var delays && delays >= options.TotalTimeout)
        {
            failures.AddError($"{S}:Retry backoff adds up to {delays} over {options.Retry.MaxRetryAttempts} retries, which is not less than " +
                $"TotalTimeout ({options.TotalTimeout}): the last retries could never run. Raise TotalTimeout or lower Retry:BaseDelay, Retry:MaxDelay or Retry:MaxRetryAttempts.");
        }

        ValidateRefunds(options, failures);
        return failures.Build();
    }

    private static void ValidateRetry(TikiVipRetryOptions? retry, ValidateOptionsResultBuilder failures)
    {
        if (retry is null)
        {
            failures.AddError($"{S}:Retry must not be null.");
            return;
        }

        if (retry.MaxRetryAttempts is < 0 or > 20)
        {
            failures.AddError($"{S}:Retry:MaxRetryAttempts must be between 0 and 20 (Tiki asks for at least 3); got {retry.MaxRetryAttempts}.");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > TimeSpan.FromMinutes(5))
        {
            failures.AddError($"{S}:Retry:BaseDelay must be between 0 and 5 minutes; got {retry.BaseDelay}.");
        }

        if (retry.MaxDelay < retry.BaseDelay)
        {
            failures.AddError($"{S}:Retry:MaxDelay must be at least Retry:BaseDelay ({retry.BaseDelay}); got {retry.MaxDelay}.");
        }
    }

    /// <summary>The backoff before every retry, at its nominal (un-jittered) exponential value capped by MaxDelay.</summary>
    internal static TimeSpan CumulativeDelay(TikiVipRetryOptions retry)
    {
        var total = TimeSpan.Zero;
        var delay = retry.BaseDelay;
        for (var i = 0; i < retry.MaxRetryAttempts && retry.MaxRetryAttempts <= 20; i++)
        {
            total += delay < retry.MaxDelay ? delay : retry.MaxDelay;
            delay = delay < retry.MaxDelay ? TimeSpan.FromTicks(delay.Ticks * 2) : retry.MaxDelay;
        }

        return total;
    }

    private static void ValidateRefunds(TikiVipOptions options, ValidateOptionsResultBuilder failures)
    {
        var refunds = options.Refunds;
        if (refunds is null)
        {
            failures.AddError($"{S}:Refunds must not be null.");
            return;
        }

        if (refunds.MaxBodySize is < 256 or > 16 * 1024 * 1024)
        {
            failures.AddError($"{S}:Refunds:MaxBodySize must be between 256 bytes and 16 MiB; got {refunds.MaxBodySize}.");
        }

        // A shorter memory than the timestamp window would let a captured refund be replayed once forgotten.
        var minimumRetention = TimeSpan.FromTicks(options.TimestampTolerance.Ticks * 2);
        if (refunds.IdempotencyRetention < minimumRetention)
        {
            failures.AddError($"{S}:Refunds:IdempotencyRetention must be at least twice TimestampTolerance ({minimumRetention}), or a replayed refund could run again; got {refunds.IdempotencyRetention}.");
        }

        if (refunds.IdempotencyCapacity < 1)
        {
            failures.AddError($"{S}:Refunds:IdempotencyCapacity must be at least 1; got {refunds.IdempotencyCapacity}.");
        }

        if (refunds.QuarantineCapacity < 1)
        {
            failures.AddError($"{S}:Refunds:QuarantineCapacity must be at least 1; got {refunds.QuarantineCapacity}.");
        }

        if (refunds.PreviousClientSecrets is null || refunds.PreviousClientSecrets.Any(string.IsNullOrWhiteSpace))
        {
            failures.AddError($"{S}:Refunds:PreviousClientSecrets must not contain empty entries.");
        }
    }
}
