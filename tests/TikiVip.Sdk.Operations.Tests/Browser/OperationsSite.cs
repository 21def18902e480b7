using TikiVip.Sdk.IntegrationTests.PostgreSql;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>
/// One partner application for the browser tests, as in production: PostgreSQL (outbox, refunds, the job's runs),
/// the daily job delivering to the real SFTP server, the emulator as Tiki, and a browser signed in as support.
/// </summary>
public sealed class OperationsSite : IAsyncLifetime
{
    public const string User = "alice@partner.example";

    private readonly PostgresSchema _schema = new();

    internal PostgresSchema Schema => _schema;

    internal TikiVipEmulator Tiki { get; private set; } = null!;

    internal OperationsApp App { get; private set; } = null!;

    internal Browser Browser { get; private set; } = null!;

    internal DaySource Source { get; } = new();

    internal string Partner { get; } = "OPS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    internal string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "tikivip-ops-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.MissingReason is not null)
        {
            return; // every test is skipped, with the reason
        }

        await _schema.InitializeAsync();
        Tiki = await TikiVipEmulator.StartAsync();
        App = await OperationsApp.StartAsync(Tiki, tikiVip => tikiVip
            .UsePostgreSql(_schema.ConnectionString, o =>
            {
                o.Schema = _schema.Name;
                o.Outbox.PollInterval = TimeSpan.FromMilliseconds(200);
                o.Outbox.MaxAttempts = 1; // one round, then Tiki's lookup
                o.Outbox.DeliveryHorizon = TimeSpan.FromMilliseconds(1); // and one that cannot reach Tiki shows as failed at once
            })
            .AddReconciliation<DaySource.Scoped>(o =>
            {
                o.PartnerName = Partner;
                o.WorkDirectory = WorkDirectory;
                o.Layout.FileExtension = ".csv";
                o.RunAt = TimeSpan.Zero; // yesterday is due as soon as the application starts
                // Tiki lists the transactions it found wrong, in the standard columns and a reason.
                o.Results.Layout.Columns = [.. TikiVip.Sdk.Reconciliation.ReconciliationFileLayout.StandardColumns(), new() { Name = "reason", Field = TikiVip.Sdk.Reconciliation.ReconciliationField.Reason }];
            })
            .UseSftp(o =>
            {
                o.Host = SftpServer.Setting("Host");
                o.Port = int.Parse(SftpServer.Setting("Port"), System.Globalization.CultureInfo.InvariantCulture);
                o.Username = SftpServer.Setting("Username");
                o.PrivateKeyPath = SftpServer.Setting("PrivateKeyPath");
                o.HostKeySha256 = [SftpServer.Setting("HostKeySha256")];
            })
            .UsePostgreSql(),
            services: s => s.AddSingleton(Source));
        Browser = new Browser();
        Browser.Open(new Uri(App.Address, $"{OperationsApp.LoginPath}?name={Uri.EscapeDataString(User)}"));
    }

    internal ReconciliationJob Job => App.Services.GetRequiredService<ReconciliationJob>();

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Tiki is not null)
        {
            await Tiki.DisposeAsync();
        }

        await _schema.DisposeAsync();
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        foreach (var file in SftpServer.IsConfigured ? Directory.GetFiles(Path.Combine(SftpServer.Root, "IF_TIKI_VIP"), $"*{Partner}*", SearchOption.AllDirectories) : [])
        {
            File.Delete(file);
        }
    }
}
