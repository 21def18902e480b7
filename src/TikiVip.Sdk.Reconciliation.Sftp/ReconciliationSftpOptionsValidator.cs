using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Reconciliation.Sftp;

/// <summary>Fails start-up with the wrong SFTP setting named, instead of the first delivery at night.</summary>
internal sealed class ReconciliationSftpOptionsValidator : IValidateOptions<ReconciliationSftpOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationSftpOptions options)
    {
        try
        {
            ReconciliationSftpClient.Validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail("TikiVip:Reconciliation:Sftp: " + ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
