using System.Net;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.IntegrationTests.PostgreSql;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The IPN outbox page over HTTP against a real PostgreSQL: filters, and "retry now" only where it means something.</summary>
public sealed partial class OperationsOutboxTests : IAsyncLifetime
{
    private readonly PostgresSchema _schema = new();
    private TikiVipEmulator _tiki = null!;
    private OperationsApp? _app;

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        _tiki = await TikiVipEmulator.StartAsync();
        if (PostgresFactAttribute.ConnectionString is { Length: > 0 })
        {
            _app = await OperationsApp.StartAsync(_tiki, b => b.UsePostgreSql(_schema.ConnectionString, o =>
            {
                o.Schema = _schema.Name;
                o.Outbox.PollInterval = TimeSpan.FromMilliseconds(100);
                o.Outbox.MaxAttempts = 1;
                o.Outbox.DeliveryHorizon = TimeSpan.FromMilliseconds(1); // an IPN that cannot reach Tiki is failed at once
            }));
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _tiki.DisposeAsync();
        await _schema.DisposeAsync();
    }

    private IIpnOutbox Outbox => _app!.Services.GetRequiredService<IIpnOutbox>();

    [PostgresFact]
    public async Task A_search_finds_an_entry_among_a_thousand_whatever_its_age_and_pages_go_further()
    {
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        await using (var insert = new Npgsql.NpgsqlCommand($"""
            INSERT INTO "{_schema.Name}".ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at, state)
            SELECT 'T-OB-' || lpad(i::text, 4, '0'), 'P-OB-' || lpad(i::text, 4, '0'), 1000, 'SUCCESS', now(), now(), now(), 1
              FROM generate_series(1, 1000) AS i
            """, connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        using var client = await _app!.SignedInClientAsync();

        var found = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/ipn?q=P-OB-0005")));
        var first = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/ipn")));
        var older = first.QuerySelectorAll("a").Single(a => a.TextContent == "older entries").GetAttribute("href")!;
        var second = HtmlPage.Parse(await client.GetStringAsync(older));

        Assert.Equal("T-OB-0005", HtmlPage.Row(found, "Partner transaction", "P-OB-0005")["Tiki transaction"]);
        Assert.Equal("T-OB-1000", first.QuerySelectorAll("td[data-label='Tiki transaction']")[0].TextContent.Trim());
        Assert.Equal("T-OB-0800", second.QuerySelectorAll("td[data-label='Tiki transaction']")[0].TextContent.Trim());
        Assert.Equal("200 entries, newest first · older entries", Said(first, "newest first"));
        Assert.Equal("1 entry of this transaction, newest first", Said(found, "newest first"));

        // Whatever a view's code does, none of it shows on a page as text.
        foreach (var path in new[] { "/", "/ipn", "/ipn?state=failed", "/ipn/1", "/ipn/retry-failed", "/refunds", "/reconciliation", "/tiki", "/audit" })
        {
            var html = await client.GetStringAsync(_app.Page(path));
            var text = HtmlPage.Parse(html).Body!.TextContent;
            Assert.False(RazorLeak().IsMatch(text) || html.Contains("<text>", StringComparison.Ordinal), $"{path} shows its view's code: {RazorLeak().Match(text).Value}");
        }
    }

    private static string Said(AngleSharp.Dom.IDocument page, string containing) =>
        string.Join(' ', page.QuerySelectorAll("p").Single(p => p.TextContent.Contains(containing, StringComparison.Ordinal)).TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [System.Text.RegularExpressions.GeneratedRegex(@"@(if|else|foreach|for|code|\(|\{)|\{<|</?text>")]
    private static partial System.Text.RegularExpressions.Regex RazorLeak();

    [PostgresFact]
    public async Task While_tiki_is_marked_unreachable_the_overview_and_the_ipn_page_say_since_when_and_not_after()
    {
        var since = new DateTimeOffset(2026, 12, 5, 2, 30, 0, TimeSpan.Zero); // 09:30 in Vietnam
        await _schema.ExecuteAsync($"UPDATE {{schema}}.tiki_reachability SET down_since = '{since:O}', next_probe_at = now() + interval '1 hour'");
        using var client = await _app!.SignedInClientAsync();

        var overview = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/")));
        var ipn = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/ipn")));
        await _schema.ExecuteAsync("UPDATE {schema}.tiki_reachability SET down_since = NULL, next_probe_at = NULL");
        var after = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/")));

        var note = overview.QuerySelector("#tiki-unreachable")!;
        Assert.StartsWith("Tiki unreachable since 2026-12-05 09:30", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("IPNs wait in the outbox and are sent once Tiki answers", note.TextContent, StringComparison.Ordinal);
        Assert.Equal(since, DateTimeOffset.Parse(note.QuerySelector("time")!.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(ipn.QuerySelector("#tiki-unreachable"));
        Assert.Null(after.QuerySelector("#tiki-unreachable"));
    }

    [PostgresFact]
    public async Task The_state_filter_and_the_search_narrow_the_list()
    {
        var delivered = await EnqueueAndSettleAsync("ORDER-DELIVERED", failures: 0, IpnOutboxState.Delivered);
        var failed = await EnqueueAndSettleAsync("ORDER-FAILED", failures: 2, IpnOutboxState.Failed);
        using var client = await _app!.SignedInClientAsync();

        var onlyFailed = await client.GetStringAsync(_app.Page("/ipn?state=failed"));
        var searched = await client.GetStringAsync(_app.Page("/ipn?q=order-delivered"));
        var all = await client.GetStringAsync(_app.Page("/ipn"));

        Assert.Contains(failed, onlyFailed, StringComparison.Ordinal);
        Assert.DoesNotContain(delivered, onlyFailed, StringComparison.Ordinal);
        Assert.Contains(delivered, searched, StringComparison.Ordinal);
        Assert.DoesNotContain(failed, searched, StringComparison.Ordinal);
        Assert.Contains(delivered, all, StringComparison.Ordinal);
        Assert.Contains(failed, all, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, "Retry now")); // only the failed one offers it
    }

    [PostgresFact]
    public async Task Retrying_an_entry_that_is_not_failed_changes_nothing_and_says_so()
    {
        var delivered = await EnqueueAndSettleAsync("ORDER-1", failures: 0, IpnOutboxState.Delivered);
        await EnqueueAndSettleAsync("ORDER-2", failures: 2, IpnOutboxState.Failed); // so the page has a form, and a token
        var id = ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Single(e => e.TikiTransactionId == delivered).Id;
        using var client = await _app!.SignedInClientAsync("bob@partner.example");
        var token = await OperationsApp.FormTokenAsync(client, "/ipn?state=failed");

        var response = await client.PostAsync(_app.Page($"/ipn/{id}/retry"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var unknown = await client.PostAsync(_app.Page("/ipn/999999/retry"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"IPN {id} is not failed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Equal(IpnOutboxState.Delivered, ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Single(e => e.Id == id).State);
        Assert.Contains(_app.Logs.GetSnapshot(), log => log.Id.Name == "OperationsIpnRetryRefused" && log.Message.StartsWith("bob@partner.example", StringComparison.Ordinal));
    }

    /// <summary>Queues an IPN (with the emulator failing its next calls) and waits for the delivery service to settle it.</summary>
    private async Task<string> EnqueueAndSettleAsync(string orderId, int failures, IpnOutboxState expected)
    {
        var tikiId = _tiki.CreateTransaction(50_000);
        _tiki.FailNextRequests(failures);
        var id = await Outbox.EnqueueAsync(new IpnRequest(tikiId, orderId, 50_000, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(async () => (await Outbox.QueryAsync(new IpnOutboxQuery { State = expected, Limit = 1000 })).Entries.Any(e => e.Id == id),
            $"IPN {id} to become {expected}", TimeSpan.FromSeconds(20));

        return tikiId;
    }
}
