using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The overview shows the last seven days of reconciliation: a failed day still needs a person days later.</summary>
public sealed class OverviewReconciliationTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("tikivip-overview-").FullName;
    private TikiVipEmulator _tiki = null!;
    private OperationsApp _app = null!;
    private DateOnly _yesterday;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        _yesterday = VietnamCalendar.Today(TimeProvider.System.GetUtcNow()).AddDays(-1);
        var store = new SeededRuns(
        [
            Run(_yesterday, ReconciliationRunState.Matched, mismatches: 0),
            Run(_yesterday.AddDays(-1), ReconciliationRunState.Matched, mismatches: 3),
            Run(_yesterday.AddDays(-3), ReconciliationRunState.Failed, attempts: 4),
            Run(_yesterday.AddDays(-8), ReconciliationRunState.Failed, attempts: 1), // outside the week
        ]);
        _app = await OperationsApp.StartAsync(_tiki, tikiVip => tikiVip.AddReconciliation<NoRecords>(o =>
        {
            o.PartnerName = "ACME";
            o.WorkDirectory = _work;
        }), services: services =>
        {
            services.AddSingleton<IReconciliationRunStore>(store);
            services.AddSingleton<IReconciliationTransport, NoTransport>();
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _tiki.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Each_of_the_last_seven_days_is_listed_with_its_delivery_and_tikis_answer()
    {
        using var client = await _app.SignedInClientAsync();

        var page = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/")));

        var days = page.QuerySelectorAll("tr[id^='overview-day-']").Select(r => r.Id!["overview-day-".Length..]).ToArray();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => _yesterday.AddDays(-i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), days);
        string Text(int daysBack) => page.GetElementById("overview-day-" + _yesterday.AddDays(-daysBack).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))!.TextContent;
        Assert.Contains("delivered", Text(0), StringComparison.Ordinal);
        Assert.Contains("matches", Text(0), StringComparison.Ordinal);
        Assert.Contains("3 mismatches", Text(1), StringComparison.Ordinal);
        Assert.Contains("not run", Text(2), StringComparison.Ordinal);
        Assert.Contains("failed (4 attempts)", Text(3), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"tr#overview-day-{_yesterday.AddDays(-3):yyyy-MM-dd} a[href$='/reconciliation/{_yesterday.AddDays(-3):yyyy-MM-dd}']"));
    }

    private static ReconciliationRun Run(DateOnly day, ReconciliationRunState state, long? mismatches = null, int attempts = 0) => new()
    {
        PartnerName = "ACME", Date = day, State = state, Mismatches = mismatches, FailedAttempts = attempts, Error = attempts > 0 ? "Tiki's server refused the key" : null,
        UploadedAt = state == ReconciliationRunState.Matched ? TimeProvider.System.GetUtcNow() : null, UpdatedAt = TimeProvider.System.GetUtcNow(),
    };

    /// <summary>Runs recorded earlier; the job finds every day held by another instance, so it changes nothing here.</summary>
    private sealed class SeededRuns(IReadOnlyList<ReconciliationRun> runs) : IReconciliationRunStore
    {
        public Task<ReconciliationRun?> TryAcquireAsync(string partnerName, DateOnly day, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            Task.FromResult<ReconciliationRun?>(null);

        public Task<bool> RenewAsync(string partnerName, DateOnly day, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> SaveAsync(ReconciliationRun run, string owner, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task ReleaseAsync(string partnerName, DateOnly day, string owner, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(string partnerName, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ReconciliationRun>>([.. runs.Where(r => r.Date >= first && r.Date <= last)]);
    }

    private sealed class NoTransport : IReconciliationTransport
    {
        public Task<IReadOnlyList<DeliveredFile>> DeliverAsync(string directory, ReconciliationResult files, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("nothing is delivered in this test");

        public Task<IReadOnlyList<FetchedFile>> FetchResultsAsync(string localDirectory, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FetchedFile>>([]);
    }
}
