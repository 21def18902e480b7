using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;
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

public static class MatchSnippets
{
    public static async Task FetchAndMatchAsync(ReconciliationSftpClient sftp, IAsyncEnumerable<ReconciliationRecord> partnerRecordsOfTheDay, ReconciliationFileLayout resultsLayout, CancellationToken cancellationToken)
    {
        #region readme
        var fetched = await sftp.FetchResultsAsync("/data/tikivip/outbound", cancellationToken);   // only new or rewritten files
        foreach (var file in fetched)
        {
            await using var report = File.Create(file.LocalPath + ".mismatches.csv");
            var summary = await new ReconciliationMatcher(ReconciliationMatchMode.Exceptions).MatchToCsvAsync(
                partnerRecordsOfTheDay, ReconciliationFileReader.ReadAsync(File.OpenRead(file.LocalPath), resultsLayout, cancellationToken), report, cancellationToken);
            Console.WriteLine($"{file.Name}: {summary.Matched} matched, {summary.ReportedByTiki} listed by Tiki as wrong, " +
                $"{summary.MissingAtPartner} only at Tiki, {summary.AmountDiffers} amounts and {summary.StatusDiffers} statuses differ");
        }
        #endregion
    }
}
