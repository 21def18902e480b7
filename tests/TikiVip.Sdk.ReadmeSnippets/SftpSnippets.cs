using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Sftp;

namespace TikiVip.Sdk.ReadmeSnippets;

public static class SftpSnippets
{
    public static async Task UploadAsync(ReconciliationResult result, CancellationToken cancellationToken)
    {
        #region readme
        var sftp = new ReconciliationSftpClient(new ReconciliationSftpOptions
        {
            Host = "sftp.example-tiki-host",             // as Tiki gives it
            Username = "acme",
            PrivateKeyPath = "/run/secrets/tiki-sftp-key", // OpenSSH format; or PrivateKey (text), or Password
            HostKeySha256 = ["SHA256:..."],              // required: 'ssh-keygen -l -E sha256' of Tiki's host key
        });
        var uploads = await sftp.UploadAsync("/data/tikivip/inbound", result, cancellationToken);
        #endregion
    }
}
