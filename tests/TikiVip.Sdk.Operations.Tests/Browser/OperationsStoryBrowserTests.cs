using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OpenQA.Selenium;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>
/// What support staff follow and act on across the page, in a real browser against real parts: one item's story
/// and its links, acting on many at once, re-fetching Tiki's answer, and the audit trail that records it all.
/// </summary>
public sealed class OperationsStoryBrowserTests(OperationsSite site) : IClassFixture<OperationsSite>
{
    private Browser Browser => site.Browser;

    private IIpnOutbox Outbox => site.App.Services.GetRequiredService<IIpnOutbox>();

    [BrowserFact]
    public async Task An_ipns_story_shows_every_call_to_tiki_and_leads_to_its_refund_and_its_reconciliation_row()
    {
        var yesterday = VietnamYesterday();
        await Eventually.TrueAsync(async () => (await site.Job.GetRunsAsync(yesterday, yesterday)) is [{ IsDelivered: true }]);
        var paid = site.Tiki.CreateTransaction(150_000);
        site.Tiki.FailNextRequests(2); // the IPN's only round and Tiki's lookup after it
        var id = await Outbox.EnqueueAsync(new IpnRequest(paid, "P-STORY-150", 150_000, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(async () => (await Outbox.FindAsync(id))!.State == IpnOutboxState.Failed);
        await site.Schema.ExecuteAsync($"UPDATE {{schema}}.ipn_outbox SET created_at = '{yesterday:yyyy-MM-dd}T12:00:00+07:00' WHERE id = {id}"); // paid yesterday

        // Tiki refunds it, and its answer for yesterday lists it as a transaction the partner's file lacks.
        var refund = await site.Tiki.SendRefundAsync(site.App.RefundEndpoint, paid, new() { PartnerTransactionId = "P-STORY-150" }); // Tiki never got the IPN
        Assert.Equal(200, refund.StatusCode);
        await File.WriteAllTextAsync(
            Path.Combine(SftpServer.Outbound, $"tikivip_{site.Partner}_{yesterday:yyyyMMdd}_result.csv"),
            "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at,reason\r\n" +
            $"{paid},P-STORY-150,150000,SUCCESS,{yesterday:yyyy-MM-dd}T12:00:00+07:00,{yesterday:yyyy-MM-dd}T12:00:00+07:00,Không có ở đối tác\r\n");
        await site.Job.RunDueAsync();

        Browser.Open(site.App.Page("/ipn?state=failed"));
        Browser.Find($"a[href$='/ipn/{id}']").Click();

        Browser.WaitFor("#attempts");
        var calls = Browser.FindAll("#attempts + .scroll tbody tr").Select(r => r.Text).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Contains("IPN", calls[0], StringComparison.Ordinal);
        Assert.Contains("503", calls[0], StringComparison.Ordinal);
        Assert.Contains("Status lookup", calls[1], StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, calls[1], StringComparison.Ordinal); // which instance made it
        Assert.Contains("retry now once Tiki answers again", Browser.MainText, StringComparison.Ordinal);
        Browser.Screenshot("ipn-story");

        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reconciliation = Browser.Find($"#related + ul a[href*='/reconciliation/{day}?q=']");
        Assert.Contains("MissingAtPartner", reconciliation.Text, StringComparison.Ordinal);

        Browser.Find($"#related + ul a[href$='/refunds/request/{Uri.EscapeDataString(refund.RequestId)}']").Click();
        Browser.WaitFor("#deliveries");
        var delivery = Assert.Single(Browser.FindAll("#deliveries + p + .scroll tbody tr"));
        Assert.Contains("Refunded (200)", delivery.Text, StringComparison.Ordinal);
        Assert.Contains("150.000 ₫", delivery.Text, StringComparison.Ordinal);
        Browser.Screenshot("refund-story");

        Browser.Find($"#related + ul a[href$='/ipn/{id}']").Click(); // and back, by the transaction id
        Browser.Find($"#related + ul a[href*='/reconciliation/{day}?q=']").Click();
        var row = Browser.WaitFor($"tr[id='tx-{paid}']");
        Assert.Contains("Không có ở đối tác", row.Text, StringComparison.Ordinal);
        Assert.Single(Browser.FindAll("#mismatches ~ .scroll tbody tr")); // only this transaction's row
    }

    [BrowserFact]
    public async Task Failed_ipns_matching_a_filter_are_retried_after_a_confirmation_with_their_count_and_the_audit_trail_says_who()
    {
        var refused = await Outbox.EnqueueAsync(new IpnRequest("T-UNKNOWN-TO-TIKI", "P-BULK-REFUSED", 5_000, TikiVipTransactionStatus.Success)); // code 3: refused for good
        await Eventually.TrueAsync(async () => (await Outbox.FindAsync(refused))!.State == IpnOutboxState.Failed);
        var unreachable = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            unreachable.Add(site.Tiki.CreateTransaction(10_000 + i));
            site.Tiki.FailNextRequests(2); // its one round and the lookup after it
            var id = await Outbox.EnqueueAsync(new IpnRequest(unreachable[^1], $"P-BULK-{i}", 10_000 + i, TikiVipTransactionStatus.Success));
            await Eventually.TrueAsync(async () => (await Outbox.FindAsync(id))!.State == IpnOutboxState.Failed);
        }

        Browser.Open(site.App.Page("/ipn?state=failed"));
        var refusedRow = Browser.FindAll("tbody tr").Single(r => r.Text.Contains("T-UNKNOWN-TO-TIKI", StringComparison.Ordinal));
        Assert.Contains("Do not retry", refusedRow.Text, StringComparison.Ordinal); // said once, with what sending again would mean
        Assert.Equal(["Send again anyway"], refusedRow.FindElements(By.CssSelector("button")).Select(b => b.Text));
        Browser.Find("a[href*='/ipn/retry-failed']").Click();
        Assert.Contains("3 failed IPNs will be queued", Browser.WaitForText("main", "3 failed IPNs will be queued"), StringComparison.Ordinal);
        Assert.Contains("1 IPN Tiki refused for good is left alone", Browser.MainText, StringComparison.Ordinal);
        Browser.Screenshot("ipn-retry-failed");

        // Another IPN fails while the page is open: the confirmed count is stale, and nothing is retried.
        site.Tiki.FailNextRequests(2);
        var late = site.Tiki.CreateTransaction(10_009);
        var lateId = await Outbox.EnqueueAsync(new IpnRequest(late, "P-BULK-LATE", 10_009, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(async () => (await Outbox.FindAsync(lateId))!.State == IpnOutboxState.Failed);
        Browser.Find("main button[type=submit]").Click();
        Assert.Contains("Nothing was retried: 4 match now, not the 3 confirmed", Browser.WaitForText("body", "Nothing was retried"), StringComparison.Ordinal);
        Assert.Equal(5L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed }));

        Browser.Open(site.App.Page("/ipn/retry-failed"));
        Browser.Find("main button[type=submit]").Click();
        Assert.Contains("4 failed IPNs are queued for delivery now", Browser.WaitFor("p.done").Text, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered }) >= 4);
        Assert.All(unreachable.Append(late), tx => Assert.Equal(TikiVipTransactionStatus.Success, site.Tiki.GetTransaction(tx).Status));
        Assert.Equal(IpnOutboxState.Failed, (await Outbox.FindAsync(refused))!.State); // Tiki's refusal was left alone

        Browser.Open(site.App.Page("/audit"));
        var actions = Browser.FindAll("tbody tr").Select(r => r.Text).ToList();
        Assert.Contains(actions, a => a.Contains(OperationsSite.User, StringComparison.Ordinal) && a.Contains("Retry failed IPNs", StringComparison.Ordinal)
            && a.Contains("done", StringComparison.Ordinal) && a.Contains("4 requeued", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Contains("Retry failed IPNs", StringComparison.Ordinal) && a.Contains("refused", StringComparison.Ordinal)
            && a.Contains("4 match now, not the 3 confirmed", StringComparison.Ordinal));
        Browser.Screenshot("audit");

        var trail = await site.App.Services.GetRequiredService<IOperationsAuditTrail>().QueryAsync(new OperationsAuditQuery { Search = OperationsSite.User }, default);
        Assert.Contains(trail.Entries, e => e.Action == "Retry failed IPNs" && e.Outcome == OperationsAuditOutcome.Done); // kept in the store, not only on the page
    }

    [BrowserFact]
    public async Task Tikis_results_are_fetched_again_for_a_day_whose_report_was_lost_and_the_action_is_audited()
    {
        var yesterday = VietnamYesterday();
        await Eventually.TrueAsync(async () => (await site.Job.GetRunsAsync(yesterday, yesterday)) is [{ IsDelivered: true }]);
        var rows = site.Source.Rows(yesterday).ToList();
        var at = $"SUCCESS,{rows[3].CreatedAt:yyyy-MM-dd'T'HH:mm:sszzz},{rows[3].UpdatedAt:yyyy-MM-dd'T'HH:mm:sszzz}";
        await File.WriteAllTextAsync(
            Path.Combine(SftpServer.Outbound, $"tikivip_{site.Partner}_{yesterday:yyyyMMdd}_answer.csv"),
            $"tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at,reason\r\n{rows[3].TikiTransactionId},{rows[3].TransactionId},{rows[3].Amount + 5},{at},Sai số tiền\r\n");
        await Eventually.TrueAsync(async () =>
        {
            await site.Job.RunDueAsync(); // the job's next check fetches and compares Tiki's answer
            return (await site.Job.GetRunsAsync(yesterday, yesterday))[0].Mismatches is > 0;
        });
        var run = (await site.Job.GetRunsAsync(yesterday, yesterday))[0];
        File.Delete(run.ReportPath!); // lost with the instance's work directory

        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Browser.Open(site.App.Page("/reconciliation/" + day));
        Assert.Empty(Browser.FindAll($"tr[id='tx-{rows[3].TikiTransactionId}']"));
        Browser.FindAll("main form button").Single(b => b.Text == "Fetch Tiki's results again").Click();

        Assert.Contains("Tiki's results were fetched and this day compared again: ", Browser.WaitFor("p.done").Text, StringComparison.Ordinal);
        Assert.Contains("Sai số tiền", Browser.WaitFor($"tr[id='tx-{rows[3].TikiTransactionId}']").Text, StringComparison.Ordinal);
        Assert.True(File.Exists(run.ReportPath));

        Browser.Open(site.App.Page("/audit?q=" + Uri.EscapeDataString("reconciliation " + day)));
        var entry = Browser.Find("tbody tr");
        Assert.Contains("Fetch Tiki's results again", entry.Text, StringComparison.Ordinal);
        Assert.Contains("done", entry.Text, StringComparison.Ordinal);
        Assert.Contains(OperationsSite.User, entry.Text, StringComparison.Ordinal);
        entry.FindElement(By.LinkText("reconciliation " + day)).Click(); // the target links to its page
        Assert.EndsWith("/reconciliation/" + day, new Uri(Browser.Driver.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_page_on_another_origin_replaying_the_users_valid_form_is_refused_in_a_real_browser_and_audited()
    {
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, await Quarantine.SendAsync(site.App, Quarantine.HostileBody("rq-csrf-browser")));
        Browser.Open(site.App.Page("/refunds"));
        var form = Browser.Find("#quarantine ~ .scroll form");
        var action = form.GetAttribute("action")!;
        var token = form.FindElement(By.CssSelector("input[type=hidden]"));

        // Another site (same host, another port: the browser sends the user's cookies) posts the form it copied,
        // token included, as soon as the user opens it.
        var evil = WebApplication.CreateSlimBuilder();
        evil.WebHost.UseUrls("http://127.0.0.1:0");
        await using var attacker = evil.Build();
        var page = $"""
            <!DOCTYPE html><html><body><form method="post" action="{new Uri(site.App.Address, action)}">
            <input type="hidden" name="{token.GetAttribute("name")}" value="{token.GetAttribute("value")}"><input name="resolution" value="refunded, says the attacker">
            </form><script>document.forms[0].submit()</script></body></html>
            """;
        attacker.MapGet("/", () => Results.Content(page, "text/html"));
        await attacker.StartAsync();
        var attackerOrigin = attacker.Urls.Single().TrimEnd('/');

        Browser.Open(new Uri(attackerOrigin + "/"));

        Assert.Contains("This action must be sent from the operations page itself", Browser.WaitFor("body").Text + Browser.Driver.PageSource, StringComparison.Ordinal);
        var kept = Assert.Single((await site.App.Services.GetRequiredService<Refunds.IRefundQuarantine>().QueryAsync(new Refunds.RefundQuarantineQuery { Search = "rq-csrf-browser", IncludeResolved = true }, default)).Entries);
        Assert.Null(kept.ResolvedAt);
        var audited = (await site.App.Services.GetRequiredService<IOperationsAuditTrail>().QueryAsync(new OperationsAuditQuery(), default)).Entries
            .First(e => e.Outcome == OperationsAuditOutcome.Refused && e.Target.ToString().EndsWith("/resolve", StringComparison.Ordinal));
        Assert.Equal(OperationsSite.User, audited.Actor);
        Assert.Equal("sent from another site: " + attackerOrigin, audited.Detail);
    }

    private static DateOnly VietnamYesterday() =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime).AddDays(-1);
}
