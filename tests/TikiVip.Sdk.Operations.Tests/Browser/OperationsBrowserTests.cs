using System.Globalization;
using System.Net;
using OpenQA.Selenium;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>
/// What support staff do, in a real browser against real parts (PostgreSQL, OpenSSH's SFTP server, the emulator):
/// each test also saves the screenshot of its page that the README shows.
/// </summary>
public sealed class OperationsBrowserTests(OperationsSite site) : IClassFixture<OperationsSite>
{
    private Browser Browser => site.Browser;

    [BrowserFact]
    public void A_search_with_a_nul_byte_is_answered_with_what_is_wrong_on_every_searchable_page_never_a_server_error()
    {
        foreach (var page in new[] { "/ipn", "/refunds", "/audit", "/ipn/retry-failed" })
        {
            Browser.Open(site.App.Page(page + "?q=%00%ff%fe"));

            var shown = Browser.Find("body").Text;
            Assert.Contains("The query parameter 'q' contains a NUL character (U+0000)", shown, StringComparison.Ordinal);
            Assert.Contains("\"status\":400", shown, StringComparison.Ordinal);
        }

        Browser.Open(site.App.Page("/ipn?q=%ff%fe")); // undecodable bytes alone: a search that finds nothing
        Assert.Contains("0 entries of this transaction", Browser.MainText, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void A_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_sees_nothing()
    {
        using var anonymous = new Browser();

        anonymous.Open(site.App.Page("/ipn"));

        Assert.Equal(OperationsApp.LoginPath, new Uri(anonymous.Driver.Url).AbsolutePath);
        Assert.Contains("Sign in required", anonymous.Driver.PageSource, StringComparison.Ordinal);
        Assert.DoesNotContain("IPN outbox", anonymous.Driver.PageSource, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_failed_ipn_is_shown_with_what_to_do_and_once_retried_is_delivered()
    {
        var paid = site.Tiki.CreateTransaction(120_000);
        site.Tiki.FailNextRequests(2); // the IPN's only round and Tiki's lookup after it
        var id = await site.App.Services.GetRequiredService<IIpnOutbox>().EnqueueAsync(new IpnRequest(paid, "P-120", 120_000, TikiVipTransactionStatus.Success));

        Browser.OpenUntil(site.App.Page("/ipn?state=failed"), b => b.FindAll($"tr:has(code)").Any(r => r.Text.Contains(paid, StringComparison.Ordinal)));
        var row = Row(paid);
        Assert.Contains("Failed", row.Text, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", row.Text, StringComparison.Ordinal);
        Assert.Contains("retry now once Tiki answers again", row.Text, StringComparison.Ordinal);
        Assert.Contains("120.000 ₫", row.Text, StringComparison.Ordinal);
        Browser.Screenshot("ipn");

        // At 1280 px the action is on screen, not scrolled away to the right of its table.
        Browser.Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        var retry = row.FindElement(By.CssSelector("button[type=submit]"));
        var onScreen = (bool)Browser.Driver.ExecuteScript(
            "const b = arguments[0].getBoundingClientRect(), s = arguments[0].closest('.scroll').getBoundingClientRect();" +
            "return b.width > 0 && b.left >= s.left - 1 && b.right <= Math.min(s.right, document.documentElement.clientWidth) + 1;", retry)!;
        Assert.True(onScreen, "the IPN's action column is off-screen at 1280 px");

        retry.Click();

        Assert.Contains($"IPN {id} is queued for delivery now", Browser.WaitFor("p.done").Text, StringComparison.Ordinal);
        Browser.OpenUntil(site.App.Page("/ipn"), b => Row(paid).Text.Contains("Delivered", StringComparison.Ordinal));
        Assert.Equal("P-120", site.Tiki.GetTransaction(paid).PartnerTransactionId);
        Assert.Contains(site.App.Logs.GetSnapshot(), log => log.Id.Name == "OperationsIpnRetried" && log.Message == $"{OperationsSite.User} requeued failed IPN {id} from the operations page.");
    }

    [BrowserFact]
    public async Task A_quarantined_refund_is_resolved_by_a_person_and_tikis_next_retry_is_accepted()
    {
        var body = Quarantine.HostileBody("rq-browser-1");
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(site.App, body));
        await RefundOnceAsync(); // a refund that went through, for the recent list

        Browser.Open(site.App.Page("/refunds"));
        var kept = Row("rq-browser-1");
        Assert.Contains("field transaction_amount", kept.Text, StringComparison.Ordinal);
        Assert.Contains("<script>alert('tiki')</script>", kept.Text, StringComparison.Ordinal); // shown as text, never run
        Browser.Screenshot("refunds");
        Browser.Screenshot("refunds-phone", width: 390);

        kept.FindElement(By.Name("resolution")).SendKeys("Refunded by hand in the admin tool, ticket 4711");
        kept.FindElement(By.CssSelector("button[type=submit]")).Click();

        Assert.Contains("is marked resolved", Browser.WaitFor("p.done").Text, StringComparison.Ordinal);
        var resolved = Row("rq-browser-1");
        Assert.Contains(OperationsSite.User, resolved.Text, StringComparison.Ordinal);
        Assert.Contains("ticket 4711", resolved.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await Quarantine.SendAsync(site.App, body));
    }

    [BrowserFact]
    public async Task The_reconciliation_row_of_a_day_shows_its_mismatches_and_the_report()
    {
        var yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime).AddDays(-1);
        await Eventually.TrueAsync(async () => (await site.Job.GetRunsAsync(yesterday, yesterday)) is [{ IsDelivered: true }]); // the job delivers it at start
        var rows = site.Source.Rows(yesterday).ToList();
        var at = $"SUCCESS,{rows[0].CreatedAt:yyyy-MM-dd'T'HH:mm:sszzz},{rows[0].UpdatedAt:yyyy-MM-dd'T'HH:mm:sszzz}";
        string[] tiki = // the transactions Tiki found wrong, with its reasons
        [
            $"{rows[1].TikiTransactionId},{rows[1].TransactionId},{rows[1].Amount + 1},{at},Sai số tiền",
            $"T-ONLY-AT-TIKI,ORDER-X,5000,{at},\"Không có ở đối tác, <b>kiểm tra</b>\"",
        ];
        await File.WriteAllTextAsync(
            Path.Combine(SftpServer.Outbound, $"tikivip_{site.Partner}_{yesterday:yyyyMMdd}_result.csv"),
            string.Join("\r\n", ["tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at,reason", .. tiki]) + "\r\n");
        await site.Job.RunDueAsync(); // the next check fetches and compares Tiki's result

        var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Browser.Open(site.App.Page("/reconciliation"));
        var row = Browser.Find($"#day-{day}");
        Assert.Contains("Compared", row.Text, StringComparison.Ordinal);
        Assert.Contains("2 mismatches", row.Text, StringComparison.Ordinal);
        Browser.Screenshot("reconciliation");

        row.FindElement(By.LinkText(day)).Click();
        var report = Browser.Find("a[href$='/report']").GetAttribute("href")!;
        Assert.Contains($"{DaySource.TikiId(yesterday, 2)} AmountDiffers|ReportedByTiki", Browser.MainText, StringComparison.Ordinal);
        Assert.Contains("Sai số tiền", Browser.MainText, StringComparison.Ordinal);
        Assert.Contains("T-ONLY-AT-TIKI MissingAtPartner|ReportedByTiki", Browser.MainText, StringComparison.Ordinal);
        Assert.Contains("Không có ở đối tác, <b>kiểm tra</b>", Browser.MainText, StringComparison.Ordinal); // Tiki's text, shown as text
        Browser.Screenshot("reconciliation-day");

        using var client = await site.App.SignedInClientAsync();
        using var download = await client.GetAsync(report);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(3, (await download.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [BrowserFact]
    public async Task The_overview_and_the_tiki_page_show_the_calls_of_the_last_hour()
    {
        await RefundOnceAsync();
        site.Tiki.FailNextRequests(1);
        await Assert.ThrowsAsync<TikiVipApiException>(() => site.App.Services.GetRequiredService<ITikiVipClient>().GetTransactionAsync(site.Tiki.CreateTransaction(1_000)));

        Browser.Open(site.App.Page("/tiki"));
        var lookups = Row("GetTransaction");
        Assert.Matches(@"\d+\.\d%", lookups.Text);
        Assert.Contains("http_5xx", lookups.Text, StringComparison.Ordinal);
        Browser.Screenshot("tiki");

        Browser.Open(site.App.Page("/"));
        Assert.Contains("PostgreSQL (UsePostgreSql), shared by every instance", Browser.MainText, StringComparison.Ordinal);
        Browser.Screenshot("overview");
    }

    private IWebElement Row(string text) =>
        Browser.FindAll("tbody tr").FirstOrDefault(r => r.Text.Contains(text, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no row with '{text}'; the page shows:\n{Browser.MainText}");

    private async Task RefundOnceAsync()
    {
        var client = site.App.Services.GetRequiredService<ITikiVipClient>();
        var paid = site.Tiki.CreateTransaction(89_000);
        await client.SubmitIpnAsync(new IpnRequest(paid, "P-89-" + Guid.NewGuid().ToString("N")[..6], 89_000, TikiVipTransactionStatus.Success));
        Assert.Equal(200, (await site.Tiki.SendRefundAsync(site.App.RefundEndpoint, paid)).StatusCode);
    }
}
