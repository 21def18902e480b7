using System.Net;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The page over HTTP with the in-memory stores: who may see it, what it says, and its actions' guards.</summary>
public sealed class OperationsPageTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;
    private OperationsApp _app = null!;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        _app = await OperationsApp.StartAsync(_tiki);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _tiki.DisposeAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ipn")]
    [InlineData("/refunds")]
    [InlineData("/reconciliation")]
    [InlineData("/reconciliation/2026-11-30")]
    [InlineData("/reconciliation/2026-11-30/report")]
    [InlineData("/tiki")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_sees_nothing(string path)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync(_app.Page(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OperationsApp.LoginPath, response.Headers.Location!.AbsolutePath);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_post_is_refused_before_anything_changes()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-anon")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await anonymous.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), new FormUrlEncodedContent(new Dictionary<string, string> { ["resolution"] = "x" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
    }

    [Fact]
    public async Task Values_from_tiki_are_shown_as_text_never_as_markup()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("<b>rq-1</b>")));
        using var client = await _app.SignedInClientAsync();

        var html = await client.GetStringAsync(_app.Page("/refunds"));
        var page = HtmlPage.Parse(html);

        // Parsed as a browser parses it: the hostile values are text, never elements.
        Assert.Empty(page.QuerySelectorAll("script, img"));
        Assert.DoesNotContain(page.QuerySelectorAll("b"), b => b.TextContent == "rq-1");
        Assert.Contains("<b>rq-1</b>", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("field transaction_amount: transaction_amount is required.", page.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refund_deliveries_are_searched_filtered_and_paged_by_the_store_not_by_the_page()
    {
        var history = _app.Services.GetRequiredService<IRefundHistory>();
        for (var i = 1; i <= 150; i++)
        {
            await history.RecordAsync(new RefundHistoryEntry
            {
                RequestId = $"rq-page-{i}", TikiTransactionId = $"T-PAGE-{i}", Amount = 1_000, Outcome = i == 3 ? RefundOutcome.Failed : RefundOutcome.Accepted,
                At = TimeProvider.System.GetUtcNow(),
            }, default);
        }

        using var client = await _app.SignedInClientAsync();
        var first = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/refunds")));
        var older = first.QuerySelectorAll("a").Single(a => a.TextContent == "older deliveries").GetAttribute("href")!;
        var said = string.Join(' ', first.QuerySelectorAll("p").Single(p => p.TextContent.Contains("newest first", StringComparison.Ordinal)).TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(" deliveries, newest first · older deliveries", said, StringComparison.Ordinal);
        var second = HtmlPage.Parse(await client.GetStringAsync(new Uri(_app.Address, older)));
        var searched = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/refunds?q=T-PAGE-3")));
        var failed = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/refunds?outcome=Failed")));

        string[] Ids(AngleSharp.Dom.IDocument page) => [.. page.QuerySelectorAll("td[data-label='Request id']").Select(c => c.TextContent.Trim()).Where(t => t.StartsWith("rq-page-", StringComparison.Ordinal))];
        Assert.Equal(100, Ids(first).Length);
        Assert.Equal(("rq-page-150", "rq-page-51"), (Ids(first)[0], Ids(first)[^1]));
        Assert.Equal(["rq-page-50", "rq-page-1"], new[] { Ids(second)[0], Ids(second)[^1] });
        Assert.Equal(["rq-page-3"], Ids(searched)); // the oldest of them, found by the store
        Assert.Equal(["rq-page-3"], Ids(failed));
    }

    [Fact]
    public async Task Finding_a_refund_shows_its_quarantine_entry_even_once_resolved()
    {
        await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-find-me"));
        var kept = Assert.Single((await _app.Services.GetRequiredService<IRefundQuarantine>().QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        await _app.Services.GetRequiredService<IRefundQuarantine>().ResolveAsync(kept.Id, "ops@partner", "refunded by hand", default);
        using var client = await _app.SignedInClientAsync();

        var waiting = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/refunds")));
        var found = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/refunds?q=RQ-FIND-ME")));

        Assert.DoesNotContain(waiting.QuerySelectorAll("td"), c => c.TextContent.Trim() == "rq-find-me" && c.GetAttribute("data-label") == "Request id" && c.Closest("table")!.QuerySelector("form") is not null);
        var resolve = found.QuerySelectorAll("td[data-label='Resolve']").Single().TextContent; // the quarantine's row of this refund
        Assert.Contains("resolved", resolve, StringComparison.Ordinal);
        Assert.Contains("refunded by hand", resolve, StringComparison.Ordinal);
        Assert.Contains("That page link is out of date", await client.GetStringAsync(_app.Page("/refunds?after=bogus")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tiki_page_shows_the_last_24_hours_by_hour_with_this_hours_calls()
    {
        await _app.Services.GetRequiredService<ITikiVipClient>().GetTransactionAsync(_tiki.CreateTransaction(1_000));
        using var client = await _app.SignedInClientAsync();

        var page = HtmlPage.Parse(await client.GetStringAsync(_app.Page("/tiki")));

        var hours = page.QuerySelectorAll("td[data-label='Hour (Vietnam)']").Select(c => c.ParentElement!).ToArray();
        Assert.Equal(24, hours.Length);
        Assert.Equal("1", hours[0].QuerySelector("td[data-label='Calls, retries included']")!.TextContent.Trim()); // this hour, first
        Assert.All(hours.Skip(1), h => Assert.Equal("0", h.QuerySelector("td[data-label='Calls, retries included']")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Pages_forbid_scripts_framing_and_caching()
    {
        using var client = await _app.SignedInClientAsync();

        using var response = await client.GetAsync(_app.Page("/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlPage.Parse(html);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.DoesNotContain("http://", html.Replace(_app.Address.ToString().TrimEnd('/'), "", StringComparison.Ordinal).Replace(_tiki.BaseAddress.ToString(), "", StringComparison.Ordinal), StringComparison.Ordinal); // no external asset
        Assert.NotNull(page.QuerySelector("meta[name=viewport]"));
    }

    [Fact]
    public async Task With_in_memory_stores_the_pages_say_what_they_show_and_what_is_missing()
    {
        using var client = await _app.SignedInClientAsync();

        Assert.Contains("in memory (this process only; forgotten on restart)", await client.GetStringAsync(_app.Page("/")), StringComparison.Ordinal);
        Assert.Contains("In memory: this shows what this process holds", await client.GetStringAsync(_app.Page("/refunds")), StringComparison.Ordinal);
        Assert.Contains("No IPN outbox", await client.GetStringAsync(_app.Page("/ipn")), StringComparison.Ordinal);
        Assert.Contains("not set up in this application (<code>AddReconciliation</code>)", await client.GetStringAsync(_app.Page("/reconciliation")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolution_posted_without_the_pages_antiforgery_token_is_refused_and_logged()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-forged")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync("mallory@partner.example");

        // What a page on another site makes the signed-in browser send: the cookie, but no token of this site.
        var response = await client.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), new FormUrlEncodedContent(new Dictionary<string, string> { ["resolution"] = "refunded" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("came from another site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries).ResolvedAt);
        Assert.Contains(_app.Logs.GetSnapshot(), log => log.Id.Name == "OperationsForgeryRefused" && log.Message.Contains("mallory@partner.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_issued_to_another_user_is_refused()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-other")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var alice = await _app.SignedInClientAsync("alice@partner.example");
        using var bob = await _app.SignedInClientAsync("bob@partner.example");
        var alicesToken = await OperationsApp.FormTokenAsync(alice, "/refunds");

        var response = await bob.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), Form(alicesToken, "refunded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries).ResolvedAt);
    }

    [Theory]
    [InlineData("http://evil.example", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, null, "http://evil.example/page")]
    public async Task A_post_from_another_site_is_refused_even_with_the_users_valid_token(string? origin, string? fetchSite, string? referer = null)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-cross")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, "/refunds");
        using var request = new HttpRequestMessage(HttpMethod.Post, _app.Page($"/refunds/quarantine/{kept.Id}/resolve")) { Content = Form(token, "refunded") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("must be sent from the operations page itself", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries).ResolvedAt);
        var audited = Assert.Single((await _app.Services.GetRequiredService<IOperationsAuditTrail>().QueryAsync(new OperationsAuditQuery(), default)).Entries);
        Assert.Equal((OperationsAuditOutcome.Refused, "alice@partner.example"), (audited.Outcome, audited.Actor));
        Assert.Contains("another site", audited.Detail, StringComparison.Ordinal);
        Assert.EndsWith($"/refunds/quarantine/{kept.Id}/resolve", audited.Target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_from_the_pages_own_origin_acts()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-same")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, "/refunds");
        using var request = new HttpRequestMessage(HttpMethod.Post, _app.Page($"/refunds/quarantine/{kept.Id}/resolve")) { Content = Form(token, "refunded") };
        request.Headers.Add("Origin", _app.Address.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 10 }, default)).Entries).ResolvedAt);
        var audited = Assert.Single((await _app.Services.GetRequiredService<IOperationsAuditTrail>().QueryAsync(new OperationsAuditQuery { Search = "quarantined refund " + kept.Id }, default)).Entries);
        Assert.Equal(("Resolve quarantined refund", OperationsAuditOutcome.Done, "refunded"), (audited.Action, audited.Outcome, audited.Detail));

        var page = await client.GetStringAsync(_app.Page("/audit"));
        Assert.Contains("Resolve quarantined refund", page, StringComparison.Ordinal);
        Assert.Contains("alice@partner.example", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refunded\0by hand", "plain text")]
    [InlineData("refunded\u0007by hand", "control character")]
    [InlineData(null, "1 to 500 characters; this text has 501")]
    public async Task A_wrong_resolution_is_answered_with_what_is_wrong_not_as_a_forgery(string? resolution, string expected)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-text")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, "/refunds");

        var response = await client.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), Form(token, resolution ?? new string('x', 501)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Contains(expected, StringComparison.Ordinal), text);
        Assert.DoesNotContain("another site", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_resolution_must_say_what_was_done(string? resolution)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, Quarantine.HostileBody("rq-empty")));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, "/refunds");

        var response = await client.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), Form(token, resolution ?? new string('x', 501)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Say what was done", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries).ResolvedAt);
    }

    [Fact]
    public async Task Resolving_records_the_user_and_a_second_resolution_is_refused()
    {
        var body = Quarantine.HostileBody("rq-twice");
        Assert.Equal(HttpStatusCode.InternalServerError, await Quarantine.SendAsync(_app, body));
        var kept = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        using var client = await _app.SignedInClientAsync("alice@partner.example");
        var token = await OperationsApp.FormTokenAsync(client, "/refunds");

        var first = await client.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), Form(token, "refunded by hand, ticket 42"));
        var second = await client.PostAsync(_app.Page($"/refunds/quarantine/{kept.Id}/resolve"), Form(token, "again"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"{OperationsApp.PagePath}/refunds?done=resolved&id={kept.Id}", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var resolved = Assert.Single((await Kept(_app).QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 10 }, default)).Entries);
        Assert.Equal(("alice@partner.example", "refunded by hand, ticket 42"), (resolved.ResolvedBy, resolved.Resolution));
        Assert.Contains(_app.Logs.GetSnapshot(), log => log.Id.Name == "OperationsRefundResolved" && log.Message.StartsWith("alice@partner.example marked", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await Quarantine.SendAsync(_app, body)); // Tiki's next retry is answered 200
    }

    [Fact]
    public async Task The_done_message_is_one_of_the_pages_own_not_text_from_the_link()
    {
        using var client = await _app.SignedInClientAsync();

        var forged = await client.GetStringAsync(_app.Page("/ipn?done=Your+password+expired&id=1"));
        var smuggled = await client.GetStringAsync(_app.Page("/ipn?done=retried&id=1+Call+support+at+1900"));
        var genuine = await client.GetStringAsync(_app.Page("/ipn?done=retried&id=12"));

        Assert.DoesNotContain("password", forged, StringComparison.Ordinal);
        Assert.DoesNotContain("Call support", smuggled, StringComparison.Ordinal);
        Assert.Contains("IPN 12 is queued for delivery now", genuine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refunds_show_recent_outcomes_and_the_one_running_now()
    {
        var paid = _tiki.CreateTransaction(250_000);
        await _app.Services.GetRequiredService<ITikiVipClient>().SubmitIpnAsync(new IpnRequest(paid, "P-250", 250_000, TikiVipTransactionStatus.Success));
        var accepted = await _tiki.SendRefundAsync(_app.RefundEndpoint, paid, new RefundCallbackOptions { RequestId = "rq-done", RequestAmount = 100_000 });
        _app.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Handler.Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _tiki.SendRefundAsync(_app.RefundEndpoint, paid, new RefundCallbackOptions { RequestId = "rq-running", RequestAmount = 1_000 });
        await _app.Handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var client = await _app.SignedInClientAsync();

        var html = await client.GetStringAsync(_app.Page("/refunds"));
        _app.Handler.Gate.SetResult();
        await running;

        Assert.Equal(200, accepted.StatusCode);
        var inProgress = Section(html, "In progress", "<h2 id=\"deliveries\">");
        Assert.Contains("rq-running", inProgress, StringComparison.Ordinal);
        Assert.Contains("held by this process until the handler returns", inProgress, StringComparison.Ordinal);
        var recent = Section(html, "<h2 id=\"deliveries\">", "</main>");
        Assert.Contains("rq-done", recent, StringComparison.Ordinal);
        Assert.Contains("Refunded (200)", recent, StringComparison.Ordinal);
        Assert.Contains("100.000 ₫", recent, StringComparison.Ordinal); // the refunded amount (request_amount), not the payment
        Assert.DoesNotContain("rq-running", recent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tiki_page_shows_the_last_hours_calls_error_rate_and_latency()
    {
        var client = _app.Services.GetRequiredService<ITikiVipClient>();
        var paid = _tiki.CreateTransaction(100_000);
        await client.SubmitIpnAsync(new IpnRequest(paid, "P-1", 100_000, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(1);
        await Assert.ThrowsAsync<TikiVipApiException>(() => client.GetTransactionAsync(paid));
        await client.GetTransactionAsync(paid);
        using var browser = await _app.SignedInClientAsync();

        var html = await browser.GetStringAsync(_app.Page("/tiki"));

        var page = HtmlPage.Parse(html);
        var ipn = HtmlPage.Row(page, "Operation", "SubmitIpn");
        Assert.Equal("1", ipn["Calls, retries included"]);
        Assert.StartsWith("0.0%", ipn["Error rate"], StringComparison.Ordinal);
        var lookup = HtmlPage.Row(page, "Operation", "GetTransaction");
        Assert.Equal("2", lookup["Calls, retries included"]);
        Assert.StartsWith("50.0%", lookup["Error rate"], StringComparison.Ordinal);
        Assert.Contains("≤ ", lookup["Latency p50 / p95"], StringComparison.Ordinal);
        Assert.Contains("http_5xx", lookup["Last failure"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/reconciliation/30-11-2026", HttpStatusCode.BadRequest, "yyyy-MM-dd")]
    [InlineData("/reconciliation/2026-02-30/report", HttpStatusCode.BadRequest, "yyyy-MM-dd")]
    [InlineData("/reconciliation/2026-11-30/report", HttpStatusCode.NotFound, "No mismatch report is recorded for 2026-11-30")]
    public async Task Malformed_or_unknown_addresses_get_a_clear_answer(string path, HttpStatusCode status, string message)
    {
        using var client = await _app.SignedInClientAsync();

        var response = await client.GetAsync(_app.Page(path));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IRefundQuarantine Kept(OperationsApp app) => app.Services.GetRequiredService<IRefundQuarantine>();

    private static FormUrlEncodedContent Form(string token, string resolution) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["resolution"] = resolution });

    private static string Section(string html, string from, string to)
    {
        var start = html.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no '{from}' on the page");
        var end = html.IndexOf(to, start, StringComparison.Ordinal);
        return html[start..(end < 0 ? html.Length : end)];
    }

}
