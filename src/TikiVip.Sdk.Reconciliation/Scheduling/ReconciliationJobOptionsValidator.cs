using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>Fails start-up with every wrong setting named, instead of the first run at 01:00.</summary>
internal sealed class ReconciliationJobOptionsValidator : IValidateOptions<ReconciliationJobOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationJobOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        foreach (var problem in options.SettingProblems)
        {
            failures.AddError("TikiVip:Reconciliation:" + problem);
        }

        if (string.IsNullOrEmpty(options.PartnerName) || options.PartnerName.Length > 64 || !options.PartnerName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            failures.AddError($"TikiVip:Reconciliation:PartnerName '{options.PartnerName}' must be 1 to 64 ASCII letters, digits or '-', as it is part of the file names.");
        }

        foreach (var problem in (options.Layout ?? new()).Validate().Select(p => "TikiVip:Reconciliation:Layout: " + p))
        {
            failures.AddError(problem);
        }

        foreach (var problem in (options.Results ?? new()).Validate().Select(p => "TikiVip:Reconciliation:Results:" + p))
        {
            failures.AddError(problem);
        }

        if (string.IsNullOrWhiteSpace(options.WorkDirectory))
        {
            failures.AddError("TikiVip:Reconciliation:WorkDirectory is required: a durable folder for the written files, Tiki's results and the reports.");
        }

        if (options.RunAt < TimeSpan.Zero || options.RunAt >= TimeSpan.FromDays(1))
        {
            failures.AddError($"TikiVip:Reconciliation:RunAt must be a time of day (00:00 to 23:59:59); got {options.RunAt}.");
        }

        if (options.CheckInterval < TimeSpan.FromSeconds(1) || options.CheckInterval > TimeSpan.FromDays(1))
        {
            failures.AddError($"TikiVip:Reconciliation:CheckInterval must be between 1 second and 1 day; got {options.CheckInterval}.");
        }

        if (options.MaxCatchUpDays is < 1 or > 31)
        {
            failures.AddError($"TikiVip:Reconciliation:MaxCatchUpDays must be between 1 and 31; got {options.MaxCatchUpDays}.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(3))
        {
            failures.AddError($"TikiVip:Reconciliation:LeaseDuration must be at least 3 seconds; got {options.LeaseDuration}.");
        }

        if (options.ResultWindow < TimeSpan.Zero || options.DeliveryGracePeriod < TimeSpan.Zero)
        {
            failures.AddError("TikiVip:Reconciliation:ResultWindow and DeliveryGracePeriod must not be negative.");
        }

        return failures.Build();
    }
}
