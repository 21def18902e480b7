using System.Net;
using TikiVip.Sdk.IntegrationTests.PostgreSql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>
/// Every page and action of the operations page, every parameter it reads (and some it does not), with hostile
/// values, against real PostgreSQL stores: each answer is a page, an empty result or a 4xx, never a 500.
/// </summary>
public sealed class OperationsInputFuzzTests : IAsyncLifetime
{
    private static readonly string[] Pages =
    [
        "/", "/ipn", "/ipn/1", "/ipn/retry-failed", "/refunds", "/refunds/request/rq-1", "/reconciliation", "/reconciliation/2026-11-21",
        "/reconciliation/2026-11-21/report", "/tiki", "/audit",
    ];

    private static readonly string[] Parameters = ["q", "state", "action", "before", "after", "outcome", "id", "done", "unknown"];

    /// <summary>As they arrive on the wire (already percent-encoded where that is the point).</summary>
    private static readonly string[] Values =
    [
        "%00%ff%fe", "%00", "a%00b", "%ff%fe", "%ED%A0%80", "%E2%80%AE", "-1", "0", "9223372036854775808", "1e309", "NaN",
        "%27%3B%20DROP%20TABLE%20x%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc%2Fpasswd", "%20", "",
        new string('x', 4000), "%F0%9F%92%A5", "2026-13-45", "Failed", "RefundCustomer", "%0d%0aSet-Cookie:%20x=1",
    ];

    private readonly PostgresSchema _schema = new();
    private TikiVipEmulator _tiki = null!;
    private OperationsApp? _app;

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        _tiki = await TikiVipEmulator.StartAsync();
        if (PostgresFactAttribute.ConnectionString is { Length: > 0 })
        {
            _app = await OperationsApp.StartAsync(_tiki, b => b.UsePostgreSql(_schema.ConnectionString, o => o.Schema = _schema.Name));
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

    [PostgresFact]
    public async Task No_value_of_any_parameter_of_any_page_is_answered_500()
    {
        await _app!.Services.GetRequiredService<IIpnOutbox>().EnqueueAsync(new IpnRequest("T-FUZZ", "P-FUZZ", 1000, TikiVipTransactionStatus.Success));
        using var client = await _app.SignedInClientAsync();
        var failures = new List<string>();
        var answered = 0;

        foreach (var page in Pages)
        {
            foreach (var parameter in Parameters)
            {
                foreach (var value in Values)
                {
                    var url = $"{OperationsApp.PagePath}{page}?{parameter}={value}";
                    using var response = await client.GetAsync(url);
                    answered++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"GET {url} -> {(int)response.StatusCode}");
                    }
                }
            }
        }

        // Route values: ids and days as a hostile client would write them.
        foreach (var path in new[] { "/ipn/%00", "/ipn/99999999999999999999", "/refunds/request/%00", "/refunds/request/a%00b", "/refunds/request/%ff%fe",
            "/reconciliation/%00", "/reconciliation/2026-02-30", "/reconciliation/%00/report", "/refunds/request/" + new string('r', 2000) })
        {
            using var response = await client.GetAsync(OperationsApp.PagePath + path);
            answered++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"GET {path} -> {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {answered} requests answered 5xx:\n{string.Join("\n", failures.Take(40))}");
    }

    [PostgresFact]
    public async Task No_value_of_any_field_of_any_action_is_answered_500_and_a_nul_is_named_in_a_400()
    {
        await _schema.ExecuteAsync("""
            INSERT INTO {schema}.ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at, state, recommended_action)
            VALUES ('T-FAILED', 'P-FAILED', 1000, 'SUCCESS', now(), now(), now(), 3, 1)
            """); // a failed IPN, so the page has a form (and its token) to take
        using var client = await _app!.SignedInClientAsync();
        var token = await OperationsApp.FormTokenAsync(client, "/ipn?state=failed");
        var failures = new List<string>();
        var actions = new[] { "/ipn/retry-failed", "/ipn/1/retry", "/refunds/quarantine/%00/resolve", "/refunds/quarantine/abc/resolve", "/reconciliation/2026-11-21/run", "/reconciliation/%00/fetch" };
        var fields = new[] { "q", "action", "expected", "resolution" };
        var raw = new[] { "\0", "a\0b", "\uFFFE", "-1", "99999999999999999999", new string('z', 5000), "' OR 1=1 --" };

        foreach (var action in actions)
        {
            foreach (var field in fields)
            {
                foreach (var value in raw)
                {
                    using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, [field] = value });
                    using var request = new HttpRequestMessage(HttpMethod.Post, OperationsApp.PagePath + action) { Content = content };
                    request.Headers.Add("Origin", _app.Address.GetLeftPart(UriPartial.Authority));
                    using var response = await client.SendAsync(request);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"POST {action} {field}={value[..Math.Min(value.Length, 20)].Replace("\0", "\\0", StringComparison.Ordinal)} -> {(int)response.StatusCode}");
                    }
                }
            }
        }

        using var nul = await client.GetAsync(OperationsApp.PagePath + "/ipn?q=%00%ff%fe");
        var problem = await nul.Content.ReadAsStringAsync();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("The query parameter 'q' contains a NUL character (U+0000)", problem, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task The_stores_find_nothing_for_a_nul_instead_of_failing()
    {
        var outbox = _app!.Services.GetRequiredService<IIpnOutbox>();
        await outbox.EnqueueAsync(new IpnRequest("T-NUL", "P-NUL", 1000, TikiVipTransactionStatus.Success));

        var found = await outbox.QueryAsync(new IpnOutboxQuery { TransactionId = "T-NUL\0" });
        var counted = await outbox.CountAsync(new IpnOutboxQuery { TransactionId = "\0" });
        var history = await _app.Services.GetRequiredService<TikiVip.Sdk.Refunds.IRefundHistory>().QueryAsync(new TikiVip.Sdk.Refunds.RefundHistoryQuery { Search = "a\0b" }, default);

        Assert.Empty(found.Entries);
        Assert.Equal(0L, counted);
        Assert.Empty(history.Entries);
    }
}
