using System.Text;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Sftp;

namespace TikiVip.Sdk.Reconciliation.Tests.Sftp;

/// <summary>Fetching Tiki's results from /IF_TIKI_VIP/OUTBOUND on a real OpenSSH server, then matching them.</summary>
public sealed class SftpFetchTests : IDisposable
{
    private const string Header = "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n";
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));
    private readonly string _local = Path.Combine(Path.GetTempPath(), "tikivip-fetch-" + Guid.NewGuid().ToString("N"));
    private readonly string _name = $"tikivip_R{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}_20261121_result";

    public void Dispose()
    {
        if (Directory.Exists(_local))
        {
            Directory.Delete(_local, recursive: true);
        }

        if (SftpServer.IsConfigured)
        {
            File.Delete(Path.Combine(SftpServer.Outbound, _name));
        }
    }

    [SftpFact]
    public async Task New_result_files_are_fetched_once_refetched_when_tiki_rewrites_them_and_match_the_partners_day()
    {
        var remote = Path.Combine(SftpServer.Outbound, _name);
        await File.WriteAllTextAsync(remote, Header +
            "T-1,ORDER-1,100000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n" +
            "T-2,ORDER-2,250000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n" +
            "T-9,ORDER-9,900000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n");
        var client = Client();

        var first = await client.FetchResultsAsync(_local);
        var second = await client.FetchResultsAsync(_local);

        var fetched = Assert.Single(first, d => d.Name == _name);
        Assert.DoesNotContain(second, d => d.Name == _name); // remembered: not fetched again
        Assert.Equal(await File.ReadAllBytesAsync(remote), await File.ReadAllBytesAsync(fetched.LocalPath));

        using var report = new MemoryStream();
        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay).MatchToCsvAsync(
            Partner(("T-1", 100_000), ("T-2", 200_000), ("T-3", 300_000)),
            ReconciliationFileReader.ReadAsync(File.OpenRead(fetched.LocalPath)),
            report);
        Assert.Equal((1L, 1L, 1L, 1L), (summary.Matched, summary.AmountDiffers, summary.MissingAtTiki, summary.MissingAtPartner));
        Assert.Contains("T-2,AmountDiffers,ORDER-2,ORDER-2,200000,250000,SUCCESS,SUCCESS", Encoding.UTF8.GetString(report.ToArray()));

        await File.AppendAllTextAsync(remote, "T-3,ORDER-3,300000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n");
        File.SetLastWriteTimeUtc(remote, File.GetLastWriteTimeUtc(remote).AddMinutes(1));
        var third = await client.FetchResultsAsync(_local);

        Assert.Single(third, d => d.Name == _name); // Tiki regenerated it: fetched again, whole
        Assert.Equal(await File.ReadAllBytesAsync(remote), await File.ReadAllBytesAsync(Path.Combine(_local, _name)));
        Assert.DoesNotContain(Directory.GetFiles(_local), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    private static ReconciliationSftpClient Client() => new(new ReconciliationSftpOptions
    {
        Host = SftpServer.Setting("Host"),
        Port = int.Parse(SftpServer.Setting("Port"), System.Globalization.CultureInfo.InvariantCulture),
        Username = SftpServer.Setting("Username"),
        PrivateKeyPath = SftpServer.Setting("PrivateKeyPath"),
        HostKeySha256 = [SftpServer.Setting("HostKeySha256")],
    });

    private static async IAsyncEnumerable<ReconciliationRecord> Partner(params (string TikiId, long Amount)[] rows)
    {
        foreach (var (tikiId, amount) in rows)
        {
            yield return new ReconciliationRecord
            {
                TikiTransactionId = tikiId, TransactionId = "ORDER-" + tikiId[2..], Amount = amount,
                Status = TikiVipTransactionStatus.Success, CreatedAt = Noon, UpdatedAt = Noon,
            };
        }

        await Task.CompletedTask;
    }
}
