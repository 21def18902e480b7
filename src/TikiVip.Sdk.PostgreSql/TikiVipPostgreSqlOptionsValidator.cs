using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql;

internal sealed class TikiVipPostgreSqlOptionsValidator(IOptionsMonitor<TikiVipOptions> client) : IValidateOptions<TikiVipPostgreSqlOptions>
{
    public ValidateOptionsResult Validate(string? name, TikiVipPostgreSqlOptions options)
    {
        var failures = new List<string>();

        // One entry in flight is its IPN and, after the last round, its lookup: each bounded by TotalTimeout.
        // (Only where this instance delivers: a tool that only reads the tables needs no client settings.)
        if (options.DeliverOutbox && TimeSpan.FromTicks(client.CurrentValue.TotalTimeout.Ticks * 2) is var inFlight && options.OutboxLease <= inFlight)
        {
            failures.Add($"TikiVip PostgreSQL OutboxLease ({options.OutboxLease}) must be longer than twice TikiVip:TotalTimeout ({inFlight}): an IPN and its lookup must finish within the lease, or another instance sends the IPN again.");
        }
        if (!TikiVipPostgreSqlMigrator.IsValidSchema(options.Schema))
        {
            failures.Add($"TikiVip PostgreSQL Schema '{options.Schema}' must be 1 to 63 lowercase letters, digits or '_', starting with a letter or '_'.");
        }

        Positive(options.RefundClaimLease, nameof(options.RefundClaimLease), failures);
        Positive(options.RetentionCleanupInterval, nameof(options.RetentionCleanupInterval), failures);
        Positive(options.OutboxPollInterval, nameof(options.OutboxPollInterval), failures);
        Positive(options.OutboxLease, nameof(options.OutboxLease), failures);
        Positive(options.OutboxBackoff, nameof(options.OutboxBackoff), failures);
        Positive(options.OutboxPendingHorizon, nameof(options.OutboxPendingHorizon), failures);
        Positive(options.OutboxDeliveryHorizon, nameof(options.OutboxDeliveryHorizon), failures);
        if (options.OutboxMaxBackoff < options.OutboxBackoff)
        {
            failures.Add($"TikiVip PostgreSQL OutboxMaxBackoff ({options.OutboxMaxBackoff}) must be at least OutboxBackoff ({options.OutboxBackoff}).");
        }

        if (options.OutboxRetention is { } retention && retention < TimeSpan.FromDays(1))
        {
            failures.Add($"TikiVip PostgreSQL OutboxRetention must be at least a day (or unset, to keep every entry); got {retention}.");
        }

        if (options.OutboxMaxConcurrency < 1)
        {
            failures.Add($"TikiVip PostgreSQL OutboxMaxConcurrency must be at least 1; got {options.OutboxMaxConcurrency}.");
        }
        else if (options.DeliverOutbox && options.OutboxMaxConcurrency > client.CurrentValue.MaxConnectionsPerServer)
        {
            // Only an instance that delivers talks to Tiki (a tool that reads the tables needs no credentials).
            failures.Add($"TikiVip PostgreSQL OutboxMaxConcurrency ({options.OutboxMaxConcurrency}) must not exceed TikiVip:MaxConnectionsPerServer ({client.CurrentValue.MaxConnectionsPerServer}): each IPN in flight needs a connection to Tiki.");
        }

        if (options.OutboxBatchSize is < 1 or > 1000)
        {
            failures.Add($"TikiVip PostgreSQL OutboxBatchSize must be between 1 and 1000; got {options.OutboxBatchSize}.");
        }

        if (options.OutboxMaxAttempts is < 1 or > 100)
        {
            failures.Add($"TikiVip PostgreSQL OutboxMaxAttempts must be between 1 and 100; got {options.OutboxMaxAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"TikiVip PostgreSQL {name} must be positive; got {value}.");
        }
    }
}
