using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Cli.Tests;

/// <summary>The commands that talk to Tiki (here: the emulator) or to a partner's refund endpoint.</summary>
public sealed class ApiCommandTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;

    private string[] Target => ["--base-url", _tiki.BaseAddress.ToString(), "--client-id", _tiki.ClientId, "--client-secret", _tiki.ClientSecret];

    public async Task InitializeAsync() => _tiki = await TikiVipEmulator.StartAsync();

    public async Task DisposeAsync() => await _tiki.DisposeAsync();

    [Fact]
    public async Task Ipn_then_status_show_what_tiki_recorded()
    {
        var tikiId = _tiki.CreateTransaction(100_000);

        var ipn = await Cli.RunAsync(["ipn", .. Target, "--tiki-transaction-id", tikiId, "--transaction-id", "ORDER-1", "--amount", "100000", "--banking-method", "MOMO"]);
        var status = await Cli.RunAsync(["status", .. Target, "--tiki-transaction-id", tikiId, "--json"]);

        Assert.Equal(0, ipn.ExitCode);
        Assert.Contains("result: accepted", ipn.Output);
        Assert.Contains("transaction_id: ORDER-1", ipn.Output);
        Assert.Equal("MOMO", _tiki.GetTransaction(tikiId).PartnerBankingMethod);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal($$"""{"tiki_transaction_id":"{{tikiId}}","partner_transaction_id":"ORDER-1","status":"SUCCESS","amount":100000}""", status.Output.Trim());
        Assert.DoesNotContain(_tiki.ClientSecret, ipn.Output + ipn.Error + status.Output);
    }

    [Fact]
    public async Task A_refused_ipn_exits_1_with_code_message_and_recommended_action()
    {
        var run = await Cli.RunAsync(["ipn", .. Target, "--tiki-transaction-id", "UNKNOWN", "--transaction-id", "ORDER-1", "--amount", "5", "--json"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"code\":3", run.Output);
        Assert.Contains("\"tiki_message\":\"transaction not found\"", run.Output);
        Assert.Contains("\"recommended_action\":\"RefundCustomer\"", run.Output);
    }

    [Fact]
    public async Task Invalid_ipn_arguments_are_usage_errors_before_any_call()
    {
        var run = await Cli.RunAsync(["ipn", .. Target, "--tiki-transaction-id", "T", "--transaction-id", "ORDER-1", "--amount", "-5"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("amount", run.Error);
        Assert.Empty(_tiki.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_are_the_remote_side_saying_no()
    {
        const string WrongSecret = "s3cret-that-must-never-be-printed";

        var run = await Cli.RunAsync(["status", "--base-url", _tiki.BaseAddress.ToString(), "--client-id", _tiki.ClientId, "--client-secret", WrongSecret, "--tiki-transaction-id", "T"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CheckCredentials", run.Output);
        Assert.DoesNotContain(WrongSecret, run.Output + run.Error);
    }

    [Fact]
    public async Task Webview_prints_both_links()
    {
        var run = await Cli.RunAsync(["webview", .. Target, "--code", "CUSTOMER-42", "--phone", "0912345678", "--fullname", "Nguyễn Văn A"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("url_open: https://tiki.vn/apps/vn.tiki.vip?identify_code=CUSTOMER-42", run.Output);
        Assert.Contains("url_checkout_result: https://tiki.vn//apps/vn.tiki.vip/callback/index", run.Output);
    }

    [Fact]
    public async Task Refund_send_delivers_signed_callbacks_and_repeats_are_handled_once()
    {
        await using var partner = await PartnerAsync();

        var run = await Cli.RunAsync([.. RefundArgs(partner.Url), "--request-id", "rf-cli-1", "--repeat", "3"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Output.Split("status: 200").Length - 1);
        Assert.Single(partner.Refunds);
        Assert.Equal("rf-cli-1", partner.Refunds.Single().RequestId);
    }

    [Fact]
    public async Task Refund_send_with_a_request_amount_is_a_partial_refund_and_one_beyond_the_payment_is_refused()
    {
        await using var partner = await PartnerAsync();

        var partial = await Cli.RunAsync([.. RefundArgs(partner.Url), "--request-id", "rf-cli-p1", "--request-amount", "30000"]);
        var tooMuch = await Cli.RunAsync([.. RefundArgs(partner.Url), "--request-amount", "100001"]);

        Assert.Equal(0, partial.ExitCode);
        var refund = Assert.Single(partner.Refunds);
        Assert.Equal((30_000L, 100_000L), (refund.RefundAmount, refund.TransactionAmount));
        Assert.Equal(2, tooMuch.ExitCode);
        Assert.Contains("must not exceed the transaction amount", tooMuch.Error);
    }

    [Theory]
    [InlineData("--tamper")]
    [InlineData("--stale")]
    public async Task Hostile_refunds_are_rejected_and_exit_1(string variant)
    {
        await using var partner = await PartnerAsync();

        var run = await Cli.RunAsync([.. RefundArgs(partner.Url), variant]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("status: 401", run.Output);
        Assert.Empty(partner.Refunds);
    }

    [Fact]
    public async Task Refund_send_says_what_each_answer_means_and_what_to_do()
    {
        await using var partner = await PartnerAsync();

        var repeated = await Cli.RunAsync([.. RefundArgs(partner.Url), "--request-id", "rf-cli-m1", "--repeat", "2"]);
        var again = await Cli.RunAsync([.. RefundArgs(partner.Url)]); // the up arrow: a new request_id for a payment refunded in full
        var wrongSecret = await Cli.RunAsync(["refund", "send", "--client-id", _tiki.ClientId, "--client-secret", "not-the-apps-secret-0123456789abcdef",
            "--to", partner.Url.ToString(), "--tiki-transaction-id", "TIKI-1", "--transaction-id", "ORDER-1", "--amount", "100000"]);

        Assert.Equal(0, repeated.ExitCode);
        Assert.Contains("meaning: accepted: your IRefundHandler ran and accepted the refund", repeated.Output);
        Assert.Contains("meaning: accepted: the same request_id again, answered as the first time without calling your handler again", repeated.Output);
        Assert.Single(partner.Refunds);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("status: 500", again.Output);
        Assert.Contains("meaning: kept in your app's quarantine, never handled", again.Output);
        Assert.Contains("more than its transaction_amount of 100000 VND", again.Output); // why, from the endpoint's answer
        Assert.Contains("--repeat or --request-id resends the same one", again.Output);

        Assert.Equal(1, wrongSecret.ExitCode);
        Assert.Contains("status: 401", wrongSecret.Output);
        Assert.Contains("Check that --client-id and --client-secret are the app's TikiVip:ClientId and TikiVip:ClientSecret", wrongSecret.Output);
        Assert.Contains("event 1010 RefundRejected", wrongSecret.Output);
        Assert.DoesNotContain("not-the-apps-secret", wrongSecret.Output + wrongSecret.Error);
        Assert.Single(partner.Refunds);
    }

    [Fact]
    public async Task An_unreachable_refund_endpoint_exits_1_with_a_message()
    {
        var run = await Cli.RunAsync([.. RefundArgs(new Uri("http://127.0.0.1:9/tikivip/refunds"))]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: the request failed", run.Error);
    }

    [Fact]
    public async Task The_emulator_command_serves_until_cancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringWriter();
        var running = CliApp.RunAsync(["emulator", "--create-transaction", "5000", "--json"], output, new StringWriter(), new Dictionary<string, string?>(), null, cts.Token);
        await Eventually.TrueAsync(() => output.ToString().Contains("base_url", StringComparison.Ordinal), "the emulator to print its address");

        using var started = System.Text.Json.JsonDocument.Parse(output.ToString());
        var root = started.RootElement;
        var status = await Cli.RunAsync([
            "status", "--base-url", root.GetProperty("base_url").GetString()!, "--client-id", root.GetProperty("client_id").GetString()!,
            "--client-secret", root.GetProperty("client_secret").GetString()!, "--tiki-transaction-id", root.GetProperty("transactions").GetString()!]);
        await cts.CancelAsync();

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("status: PENDING", status.Output);
        Assert.Contains("amount: 5000", status.Output);
        Assert.Equal(0, await running);
    }

    [Fact]
    public async Task The_emulator_stops_cleanly_on_sigterm_as_a_service_manager_stops_it()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal; this suite runs on Linux");
        var bin = AppContext.BaseDirectory;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", "--runtimeconfig", Path.Combine(bin, "TikiVip.Cli.Tests.runtimeconfig.json"), "--depsfile", Path.Combine(bin, "TikiVip.Cli.Tests.deps.json"), Path.Combine(bin, "tikivip.dll"), "emulator", "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            var started = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("base_url", started, StringComparison.Ordinal);

            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(within.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private string[] RefundArgs(Uri url) =>
        ["refund", "send", "--client-id", _tiki.ClientId, "--client-secret", _tiki.ClientSecret, "--to", url.ToString(),
         "--tiki-transaction-id", "TIKI-1", "--transaction-id", "ORDER-1", "--amount", "100000"];

    private async Task<Partner> PartnerAsync()
    {
        var refunds = new ConcurrentQueue<RefundRequest>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(refunds);
        builder.Services.AddTikiVip(_tiki.ConfigureClient).AddRefundHandler<QueueHandler>();
        var app = builder.Build();
        app.MapTikiVipRefunds();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Partner(app, new Uri(new Uri(address), "/tikivip/refunds"), refunds);
    }

    private sealed record Partner(WebApplication App, Uri Url, ConcurrentQueue<RefundRequest> Refunds) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private sealed class QueueHandler(ConcurrentQueue<RefundRequest> refunds) : IRefundHandler
    {
        public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            refunds.Enqueue(refund);
            return Task.FromResult(RefundResult.Accepted());
        }
    }
}
