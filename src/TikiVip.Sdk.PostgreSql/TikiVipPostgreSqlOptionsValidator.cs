using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql;

internal sealed class TikiVipPostgreSqlOptionsValidator : IValidateOptions<TikiVipPostgreSqlOptions>
{
    public ValidateOptionsResult Validate(string? name, TikiVipPostgreSqlOptions options)
    {
        var failures = new List<string>();
        if (!TikiVipPostgreSqlMigrator.IsValidSchema(options.Schema))
        {
            failures.Add($"TikiVip PostgreSQL Schema '{options.Schema}' must be 1 to 63 lowercase letters, digits or '_', starting with a letter or '_'.");
        }

        Positive(options.RefundClaimLease, nameof(options.RefundClaimLease), failures);
        Positive(options.RetentionCleanupInterval, nameof(options.RetentionCleanupInterval), failures);
        Positive(options.OutboxPollInterval, nameof(options.OutboxPollInterval), failures);
        Positive(options.OutboxLease, nameof(options.OutboxLease), failures);
        Positive(options.OutboxBackoff, nameof(options.OutboxBackoff), failures);
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
