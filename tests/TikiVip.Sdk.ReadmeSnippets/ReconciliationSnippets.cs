using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.ReadmeSnippets;

public static class ReconciliationSnippets
{
    public static async Task WriteAsync(PaymentsDbContext db, DateTimeOffset start, DateTimeOffset end)
    {
        #region readme
        var vietnam = TimeSpan.FromHours(7);
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(vietnam).DateTime).AddDays(-1);

        var writer = new ReconciliationFileWriter(new ReconciliationOptions
        {
            PartnerName = "ACME",          // assigned by Tiki
            Date = yesterday,              // the day the data covers
            Layout = new ReconciliationFileLayout { FileExtension = ".csv" },   // as agreed with Tiki; default: the standard layout
        });

        IAsyncEnumerable<ReconciliationRecord> rows = db.Payments
            .Where(p => p.CreatedAt >= start && p.CreatedAt < end)
            .Select(p => new ReconciliationRecord
            {
                TikiTransactionId = p.TikiTransactionId, TransactionId = p.Id, Amount = p.Amount,
                Status = p.Status, CreatedAt = p.CreatedAt, UpdatedAt = p.UpdatedAt,
            })
            .AsAsyncEnumerable();

        var result = await writer.WriteAsync(rows, new ReconciliationDirectorySink("/data/tikivip/inbound"));
        foreach (var file in result.Files)
            Console.WriteLine($"{file.Name}: {file.RowCount} rows, sha256 {file.Sha256}");   // tikivip_ACME_20261121_1.csv ...
        #endregion
    }

    public static async Task PackageReadmeAsync(IAsyncEnumerable<ReconciliationRecord> records, DateOnly yesterday, CancellationToken cancellationToken)
    {
        #region readme
        var writer = new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = yesterday });
        var result = await writer.WriteAsync(records, new ReconciliationDirectorySink("/var/tikivip/outbox"), cancellationToken);
        #endregion
    }
}
