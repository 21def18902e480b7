using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>How AddTikiVip behaves as a Microsoft.Extensions citizen: idempotent, conventional, one options snapshot per call.</summary>
public sealed class RegistrationTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";

    private static IpnRequest AnIpn => new("T", "P", 1000, TikiVipTransactionStatus.Success);

    private static void Configure(TikiVipOptions options)
    {
        options.ClientId = ApiReference.ClientId;
        options.ClientSecret = ApiReference.ClientSecret;
        options.Environment = TikiVipEnvironment.Production;
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.MaxDelay = TimeSpan.Zero;
    }

    [Fact]
    public async Task Calling_AddTikiVip_twice_keeps_one_retry_loop_and_one_signature()
    {
        var http = new MockHttpMessageHandler();
        var wire = Wire.On(http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");
        var services = new ServiceCollection();
        services.AddTikiVip(Configure);
        services.AddTikiVip(Configure).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => http);
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<TikiVipApiException>(() => provider.GetRequiredService<ITikiVipClient>().SubmitIpnAsync(AnIpn));

        Assert.Equal(4, wire.Requests.Count); // 1 + 3 retries, not 16
        Assert.All(wire.Requests, r => Assert.True(r.BodySignatureIsValid()));
    }

    [Fact]
    public void A_second_call_still_adds_its_configuration()
    {
        var services = new ServiceCollection();
        services.AddTikiVip(Configure);
        services.AddTikiVip(o => o.Retry.MaxRetryAttempts = 7);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;

        Assert.Equal(ApiReference.ClientId, options.ClientId);
        Assert.Equal(7, options.Retry.MaxRetryAttempts);
    }

    [Fact]
    public void AddTikiVip_without_arguments_binds_the_TikiVip_section_of_the_apps_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:ClientId"] = "from-config",
            ["TikiVip:ClientSecret"] = "secret",
            ["TikiVip:Environment"] = "Sandbox",
            ["TikiVip:Retry:MaxRetryAttempts"] = "5",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTikiVip();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;

        Assert.Equal("from-config", options.ClientId);
        Assert.Equal(TikiVipEnvironment.Sandbox, options.Environment);
        Assert.Equal(5, options.Retry.MaxRetryAttempts);
    }

    [Fact]
    public async Task Every_call_names_the_sdk_and_its_version_in_the_user_agent()
    {
        using var harness = new ClientHarness();
        string? userAgent = null;
        harness.Http.When(HttpMethod.Post, Ipn).Respond(request =>
        {
            userAgent = request.Headers.UserAgent.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":0}""") };
        });

        await harness.Client.SubmitIpnAsync(AnIpn);

        Assert.Matches(@"^TikiVip\.Sdk/\d+\.\d+\.\d+", userAgent);
    }

    [Fact]
    public async Task A_reloaded_configuration_changes_address_credentials_and_signature_together_on_the_next_call()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:ClientId"] = "client-a",
            ["TikiVip:ClientSecret"] = "secret-a",
            ["TikiVip:BaseAddress"] = "https://a.example/tikivip/",
        }).Build();
        var http = new MockHttpMessageHandler();
        var seen = new List<(Uri Uri, string ClientId, bool Valid)>();
        http.When("*").Respond(request =>
        {
            var clientId = request.Headers.GetValues("X-Tikivip-Client-Id").Single();
            var secret = clientId == "client-a" ? "secret-a" : "secret-b";
            var body = request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            var timestamp = long.Parse(request.Headers.GetValues("X-Tikivip-Timestamp").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var valid = Signing.TikiVipSignature.Verify(request.Headers.GetValues("X-Tikivip-Signature").Single(), timestamp, clientId, body, secret);
            seen.Add((request.RequestUri!, clientId, valid));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":0}""") };
        });
        var services = new ServiceCollection();
        services.AddTikiVip(configuration.GetSection("TikiVip")).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => http);
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ITikiVipClient>(); // held across the reload, as a singleton would

        await client.SubmitIpnAsync(AnIpn);
        configuration["TikiVip:ClientId"] = "client-b";
        configuration["TikiVip:ClientSecret"] = "secret-b";
        configuration["TikiVip:BaseAddress"] = "https://b.example/tikivip/";
        configuration.Reload();
        await client.SubmitIpnAsync(AnIpn);

        Assert.Equal(2, seen.Count);
        Assert.Equal(("https://a.example/tikivip/payment/ipn", "client-a", true), (seen[0].Uri.ToString(), seen[0].ClientId, seen[0].Valid));
        Assert.Equal(("https://b.example/tikivip/payment/ipn", "client-b", true), (seen[1].Uri.ToString(), seen[1].ClientId, seen[1].Valid));
    }

    [Fact]
    public async Task The_time_budget_covers_the_response_body_not_only_its_headers()
    {
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000);
        var started = time.GetUtcNow();
        var network = new LambdaHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            // Headers at once, then one byte of {"code":0} per second: 10 s for the whole body.
            Content = new StreamContent(new TrickleStream("""{"code":0}"""u8.ToArray(), TimeSpan.FromSeconds(1), time)),
        }));
        using var harness = new ClientHarness(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(2);
                o.TotalTimeout = TimeSpan.FromSeconds(3);
                o.Retry.MaxRetryAttempts = 1;
            },
            time: time,
            network: network);

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => time.RunAsync(harness.Client.SubmitIpnAsync(AnIpn), TimeSpan.FromMilliseconds(100)));

        Assert.True(ex.IsTransient, ex.ToString());
        Assert.Contains("time budget", ex.Message);
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(3), "the budget, not an earlier failure, ended the call");
    }

    [Fact]
    public async Task A_response_over_one_megabyte_is_refused_without_retrying()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, "{\"code\":0,\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.SubmitIpnAsync(AnIpn));

        Assert.Single(wire.Requests);
        Assert.False(ex.IsTransient);
        Assert.Contains("larger than 1048576 bytes", ex.Message);
    }

    /// <summary>A response body that arrives one byte per interval of the given clock.</summary>
    private sealed class TrickleStream(byte[] data, TimeSpan interval, TimeProvider time) : Stream
    {
        private readonly CancellationTokenSource _disposed = new();
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == data.Length)
            {
                return 0;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            await Task.Delay(interval, time, linked.Token);
            buffer.Span[0] = data[_position++];
            return 1;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // Idempotent, as Stream.Dispose must be: HttpContent disposes its read stream and StreamContent its inner one.
        protected override void Dispose(bool disposing)
        {
            if (!_disposed.IsCancellationRequested)
            {
                _disposed.Cancel();
            }

            base.Dispose(disposing);
        }
    }
}
