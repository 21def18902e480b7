using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// One instance of a partner's application running the daily job: its own services, work directory and owner,
/// on a shared fake clock and against the real SFTP server. Several harnesses with one store are several instances.
/// </summary>
public sealed class JobHarness : IAsyncDisposable
{
    private JobHarness(ServiceProvider provider, string workDirectory, DaySource source)
    {
        Provider = provider;
        WorkDirectory = workDirectory;
        Source = source;
        Job = provider.GetRequiredService<ReconciliationJob>();
        Logs = provider.GetFakeLogCollector();
    }

    public ServiceProvider Provider { get; }

    public ReconciliationJob Job { get; }

    public string WorkDirectory { get; }

    public DaySource Source { get; }

    public FakeLogCollector Logs { get; }

    public static string NewPartner() => "J" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public static string NewWorkDirectory() => Path.Combine(Path.GetTempPath(), "tikivip-job-" + Guid.NewGuid().ToString("N"));

    /// <summary>Builds an instance; <paramref name="configure"/> adds e.g. UsePostgreSql or a store of the test's own.</summary>
    public static JobHarness Create(
        string partner, TimeProvider clock, DaySource source, string? workDirectory = null,
        Action<TikiVipReconciliationBuilder>? configure = null, Action<ReconciliationJobOptions>? options = null, Action<TikiVipBuilder>? tikiVip = null)
    {
        var directory = workDirectory ?? NewWorkDirectory();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(clock);
        services.AddSingleton(source);
        var builder = services.AddTikiVip(o =>
        {
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.Environment = TikiVipEnvironment.Sandbox; // never called: the job talks to SFTP only
        });
        tikiVip?.Invoke(builder);
        var reconciliation = builder.AddReconciliation<DaySource.Scoped>(o =>
        {
            o.PartnerName = partner;
            o.WorkDirectory = directory;
            o.Layout.FileExtension = ".csv";
            options?.Invoke(o);
        }).UseSftp(Sftp);
        configure?.Invoke(reconciliation);
        return new JobHarness(services.BuildServiceProvider(), directory, source);
    }

    public static void Sftp(global::TikiVip.Sdk.Reconciliation.Sftp.ReconciliationSftpOptions o)
    {
        o.Host = SftpServer.Setting("Host");
        o.Port = int.Parse(SftpServer.Setting("Port"), System.Globalization.CultureInfo.InvariantCulture);
        o.Username = SftpServer.Setting("Username");
        o.PrivateKeyPath = SftpServer.Setting("PrivateKeyPath");
        o.HostKeySha256 = [SftpServer.Setting("HostKeySha256")];
        o.MaxRetryAttempts = 0; // retry delays would wait on the fake clock
    }

    /// <summary>A run's recorded facts, comparable across stores (a store reads back its own list instances and UTC times).</summary>
    public static string Describe(ReconciliationRun run) =>
        $"{run.Date} {run.State} written {run.WrittenAt?.UtcDateTime:O} uploaded {run.UploadedAt?.UtcDateTime:O} matched {run.MatchedAt?.UtcDateTime:O} " +
        $"mismatches {run.Mismatches} failed {run.FailedAttempts} error {run.Error} files {string.Join(" ", run.Files.Select(f => $"{f.Name}:{f.RowCount}:{f.ByteCount}:{f.Sha256}"))}";

    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct =>
        new(Provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "TikiVip.Sdk.Reconciliation", instrument);

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }

    /// <summary>Removes a partner's files from the SFTP server.</summary>
    public static void CleanServer(string partner)
    {
        if (!SftpServer.IsConfigured)
        {
            return;
        }

        foreach (var folder in new[] { SftpServer.Inbound, SftpServer.Outbound })
        {
            foreach (var file in Directory.GetFiles(folder, $"*{partner}*"))
            {
                File.Delete(file);
            }
        }
    }
}
