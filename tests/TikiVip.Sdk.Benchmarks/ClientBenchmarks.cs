using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// <c>SubmitIpnAsync</c> through the whole handler chain (resilience, signing) against a hand-written HttpClient call,
/// all to an in-memory server; and the same client with Microsoft.Extensions.Http.Resilience's handler, configured
/// equivalently, in place of the SDK's own (issue: adopt it if it costs no more than 5%).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes.
public class ClientBenchmarks
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"code":0,"message":"success","data":{"transaction_id":"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC"}}""");
    private static readonly Uri IpnUrl = new("https://api.tiki.vn/miniapp/tikivip/payment/ipn");

    private readonly IpnRequest _ipn = new("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, TikiVipTransactionStatus.Success);
    private ServiceProvider _services = null!;
    private ITikiVipClient _client = null!;
    private ServiceProvider _resilienceServices = null!;
    private ITikiVipClient _resilienceClient = null!;
    private HttpClient _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o =>
            {
                o.ClientId = Credentials.ClientId;
                o.ClientSecret = Credentials.ClientSecret;
                o.Environment = TikiVipEnvironment.Production;
            })
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new InMemoryTiki());
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<ITikiVipClient>();
        _handWritten = new HttpClient(new InMemoryTiki());

        var alternative = new ServiceCollection().AddLogging();
        var http = alternative.AddTikiVip(o =>
            {
                o.ClientId = Credentials.ClientId;
                o.ClientSecret = Credentials.ClientSecret;
                o.Environment = TikiVipEnvironment.Production;
            })
            .HttpClientBuilder;
        http.ConfigurePrimaryHttpMessageHandler(() => new InMemoryTiki());
        http.AddResilienceHandler("tikivip", pipeline => pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(15),
                ShouldRetryAfterHeader = true,
            })
            .AddTimeout(TimeSpan.FromSeconds(10)));
        // Put it where the SDK's own handler was (outside signing, so each attempt is re-signed) and drop the SDK's.
        http.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            var replacement = handlers.Single(h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler);
            handlers.Remove(replacement);
            var own = handlers.Single(h => h.GetType().FullName == "TikiVip.Sdk.Http.ResilienceHandler");
            handlers[handlers.IndexOf(own)] = replacement;
        });
        _resilienceServices = alternative.BuildServiceProvider();
        _resilienceClient = _resilienceServices.GetRequiredService<ITikiVipClient>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _resilienceServices.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Baseline = true, Description = "hand-written HttpClient: serialize, sign, send, parse")]
    public async Task<string?> HandWritten()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["tiki_transaction_id"] = _ipn.TikiTransactionId,
            ["reference_transaction_id"] = _ipn.TikiTransactionId,
            ["transaction_id"] = _ipn.TransactionId,
            ["transaction_amount"] = _ipn.Amount,
            ["status"] = "SUCCESS",
        });
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, IpnUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, Credentials.ClientId);
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Signature, TikiVipSignature.Compute(timestamp, Credentials.ClientId, body, Credentials.ClientSecret));
        using var response = await _handWritten.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return document.RootElement.GetProperty("code").GetInt32() == 0 ? document.RootElement.GetProperty("data").GetProperty("transaction_id").GetString() : null;
    }

    [Benchmark(Description = "ITikiVipClient.SubmitIpnAsync (resilience + signing + tolerant reader)")]
    public async Task<string?> Sdk() => (await _client.SubmitIpnAsync(_ipn)).TransactionId;

    [Benchmark(Description = "the same client with Microsoft.Extensions.Http.Resilience in place of the SDK's handler")]
    public async Task<string?> SdkWithHttpResilience() => (await _resilienceClient.SubmitIpnAsync(_ipn)).TransactionId;

    /// <summary>Answers every request at once from memory, like a server with zero latency.</summary>
    private sealed class InMemoryTiki : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer), RequestMessage = request };
        }
    }
}
