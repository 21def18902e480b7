using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>Fails start-up with every wrong SFTP setting named, instead of the first delivery at night.</summary>
internal sealed class ReconciliationSftpOptionsValidator : IValidateOptions<ReconciliationSftpOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationSftpOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => "TikiVip:Reconciliation:Sftp: " + p));
    }
}
