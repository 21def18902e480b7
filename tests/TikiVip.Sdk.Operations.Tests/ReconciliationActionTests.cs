using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>A person delivers a day from the page: one the nightly job never ran, through the job's own delivery.</summary>
public sealed class ReconciliationActionTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("tikivip-day-action-").FullName;
    private readonly RecordingTransport _transport = new();
    private TikiVipEmulator _tiki = null!;
    private OperationsApp _app = null!;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        _app = await OperationsApp.StartAsync(_tiki, tikiVip => tikiVip.AddReconciliation<NoRecords>(o =>
        {
            o.PartnerName = "ACME";
            o.WorkDirectory = _work;
        }), services: services => services.AddSingleton<IReconciliationTransport>(_transport));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _tiki.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_day_the_job_never_ran_is_delivered_by_a_person_and_the_action_is_logged()
    {
        var day = VietnamCalendar.Today(TimeProvider.System.GetUtcNow()).AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var client = await _app.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, $"/reconciliation/{day}"); // the day page offers the action

        using var forged = await client.PostAsync(_app.Page($"/reconciliation/{day}/run"), new FormUrlEncodedContent([]));
        using var posted = await client.PostAsync(_app.Page($"/reconciliation/{day}/run"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        using var future = await client.PostAsync(_app.Page("/reconciliation/2999-01-01/run"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Single(_transport.Delivered, d => d.Contains(day.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal)); // delivered once, by the action
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = HtmlPage.Parse(await client.GetStringAsync(new Uri(_app.Address, posted.Headers.Location!)));
        Assert.Contains("Delivery of this day was run now: it is on Tiki's server.", after.QuerySelector("p.done")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("is not over yet", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(_app.Logs.GetSnapshot(), log => log.Id.Name == "OperationsReconciliationDayRun" && log.Message.Contains(day, StringComparison.Ordinal));
    }

    private sealed class RecordingTransport : IReconciliationTransport
    {
        public ConcurrentQueue<string> Delivered { get; } = new();

        public Task<IReadOnlyList<DeliveredFile>> DeliverAsync(string directory, ReconciliationResult files, CancellationToken cancellationToken)
        {
            foreach (var file in files.Files)
            {
                Delivered.Enqueue(file.Name);
            }

            return Task.FromResult<IReadOnlyList<DeliveredFile>>([.. files.Files.Select(f => new DeliveredFile(f.Name, "/IF_TIKI_VIP/INBOUND/" + f.Name, f.ByteCount, f.Sha256, alreadyPresent: false))]);
        }

        public Task<IReadOnlyList<FetchedFile>> FetchResultsAsync(string localDirectory, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FetchedFile>>([]);
    }
}
