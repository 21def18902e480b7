using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>Fails start-up with every wrong SFTP setting named, instead of the first delivery at night.</summary>
internal sealed class ReconciliationSftpOptionsValidator : IValidateOptions<ReconciliationSftpOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationSftpOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var problem in options.Validate())
        {
            result.AddError("TikiVip:Reconciliation:Sftp: " + problem);
        }

        return result.Build();
    }
}
