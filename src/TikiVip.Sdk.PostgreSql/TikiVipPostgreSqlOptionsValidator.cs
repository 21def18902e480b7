using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>Checks every setting at start-up and reports all that are wrong at once, each by its configuration key.</summary>
internal sealed class TikiVipPostgreSqlOptionsValidator(IOptionsMonitor<TikiVipOptions> client) : IValidateOptions<TikiVipPostgreSqlOptions>
{
    private const string Section = "TikiVip:PostgreSql:", Outbox = Section + "Outbox:";

    public ValidateOptionsResult Validate(string? name, TikiVipPostgreSqlOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        var outbox = options.Outbox;
        if (!TikiVipPostgreSqlMigrator.IsValidSchema(options.Schema))
        {
            result.AddError($"{Section}Schema '{options.Schema}' must be 1 to 63 lowercase letters, digits or '_', starting with a letter or '_'.");
        }

        Positive(result, options.RefundClaimLease, Section + nameof(options.RefundClaimLease));
        Positive(result, options.RetentionCleanupInterval, Section + nameof(options.RetentionCleanupInterval));
        if (outbox is null)
        {
            result.AddError($"{Section}Outbox is null: leave it out to take the defaults.");
            return result.Build();
        }

        // One entry in flight is its IPN and, after the last round, its lookup: each bounded by TotalTimeout.
        // (Only where this instance delivers: a tool that only reads the tables needs no client settings.)
        if (outbox.Deliver && TimeSpan.FromTicks(client.CurrentValue.TotalTimeout.Ticks * 2) is var inFlight && outbox.Lease <= inFlight)
        {
            result.AddError($"{Outbox}Lease ({outbox.Lease}) must be longer than twice TikiVip:TotalTimeout ({inFlight}): an IPN and its lookup must finish within the lease, or another instance sends the IPN again.");
        }

        Positive(result, outbox.PollInterval, Outbox + nameof(outbox.PollInterval));
        Positive(result, outbox.Lease, Outbox + nameof(outbox.Lease));
        Positive(result, outbox.Backoff, Outbox + nameof(outbox.Backoff));
        Positive(result, outbox.PendingHorizon, Outbox + nameof(outbox.PendingHorizon));
        Positive(result, outbox.DeliveryHorizon, Outbox + nameof(outbox.DeliveryHorizon));
        if (outbox.MaxBackoff < outbox.Backoff)
        {
            result.AddError($"{Outbox}MaxBackoff ({outbox.MaxBackoff}) must be at least {Outbox}Backoff ({outbox.Backoff}).");
        }

        if (outbox.MaxProbeInterval < TimeSpan.FromSeconds(1) || outbox.MaxProbeInterval > TimeSpan.FromHours(1))
        {
            result.AddError($"{Outbox}MaxProbeInterval must be between 1 second and 1 hour: how soon IPNs resume after Tiki comes back; got {outbox.MaxProbeInterval}.");
        }

        if (outbox.Retention is { } retention && retention < TimeSpan.FromDays(1))
        {
            result.AddError($"{Outbox}Retention must be at least a day (or unset, to keep every entry); got {retention}.");
        }

        if (outbox.MaxConcurrency < 1)
        {
            result.AddError($"{Outbox}MaxConcurrency must be at least 1; got {outbox.MaxConcurrency}.");
        }
        else if (outbox.Deliver && outbox.MaxConcurrency > client.CurrentValue.MaxConnectionsPerServer)
        {
            // Only an instance that delivers talks to Tiki (a tool that reads the tables needs no credentials).
            result.AddError($"{Outbox}MaxConcurrency ({outbox.MaxConcurrency}) must not exceed TikiVip:MaxConnectionsPerServer ({client.CurrentValue.MaxConnectionsPerServer}): each IPN in flight needs a connection to Tiki.");
        }

        if (outbox.BatchSize is < 1 or > 1000)
        {
            result.AddError($"{Outbox}BatchSize must be between 1 and 1000; got {outbox.BatchSize}.");
        }

        if (outbox.MaxAttempts is < 1 or > 100)
        {
            result.AddError($"{Outbox}MaxAttempts must be between 1 and 100; got {outbox.MaxAttempts}.");
        }

        return result.Build();
    }

    private static void Positive(ValidateOptionsResultBuilder result, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            result.AddError($"{key} must be positive; got {value}.");
        }
    }
}
