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
/// <c>SubmitIpnAsync</c> through the whole handler chain (resilience, signing) against hand-written HttpClient calls,
/// all to an in-memory server: the floor is a typed, source-generated body signed and sent with no resilience; a
/// second baseline adds an equivalent static Polly retry + per-attempt timeout pipeline and an overall budget; the
/// dictionary-bodied call is the naive one. Also the same client with Microsoft.Extensions.Http.Resilience's
/// handler, configured equivalently, in place of the SDK's own.
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

    // What a careful hand-written client would build once: retry with backoff and Retry-After-free jitter, then a
    // per-attempt timeout, over each attempt's send-and-buffer (so a slow body is a timed-out attempt).
    private static readonly ResiliencePipeline<HttpResponseMessage> StaticPipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
                || (int?)args.Outcome.Result?.StatusCode >= 500),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

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
        // Put it where the SDK's own handler was, with a signing handler inside it (the SDK signs within its own
        // handler's attempts), so each attempt is re-signed, and drop the SDK's.
        http.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            var replacement = handlers.Single(h => h is Microsoft.Extensions.Http.Resilience.ResilienceHandler);
            handlers.Remove(replacement);
            var own = handlers.Single(h => h.GetType().FullName == "TikiVip.Sdk.Http.ResilienceHandler");
            var index = handlers.IndexOf(own);
            handlers[index] = replacement;
            handlers.Insert(index + 1, new SigningForComparison());
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

    [Benchmark(Baseline = true, Description = "floor: hand-written typed (source-generated) body, sign, send, parse")]
    public async Task<string?> HandWrittenTyped()
    {
        using var request = SignedRequest();
        using var response = await _handWritten.SendAsync(request);
        return Read(await response.Content.ReadAsByteArrayAsync());
    }

    [Benchmark(Description = "hand-written typed call with a static Polly retry + attempt timeout and a 60 s budget")]
    public async Task<string?> HandWrittenTypedWithPolly()
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var context = ResilienceContextPool.Shared.Get(budget.Token);
        try
        {
            var outcome = await StaticPipeline.ExecuteOutcomeAsync(
                static async (ctx, self) =>
                {
                    try
                    {
                        var request = self.SignedRequest(); // signed afresh per attempt
                        var response = await self._handWritten.SendAsync(request, ctx.CancellationToken);
                        await response.Content.LoadIntoBufferAsync(ctx.CancellationToken);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                this);
            using var response = outcome.Result!;
            return Read(await response.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark(Description = "naive hand-written: Dictionary body, sign, send, parse")]
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

    private HttpRequestMessage SignedRequest()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new TypedIpn(_ipn.TikiTransactionId, _ipn.TikiTransactionId, _ipn.TransactionId, _ipn.Amount, "SUCCESS"), TypedIpnContext.Default.TypedIpn);
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var request = new HttpRequestMessage(HttpMethod.Post, IpnUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, Credentials.ClientId);
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Signature, TikiVipSignature.Compute(timestamp, Credentials.ClientId, body, Credentials.ClientSecret));
        return request;
    }

    private static string? Read(byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("code").GetInt32() == 0 ? document.RootElement.GetProperty("data").GetProperty("transaction_id").GetString() : null;
    }

    /// <summary>Signs each attempt as the SDK's own handler does, for the Http.Resilience comparison (one extra body copy).</summary>
    private sealed class SigningForComparison : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            request.Headers.Remove(TikiVipHeaders.Timestamp);
            request.Headers.Remove(TikiVipHeaders.ClientId);
            request.Headers.Remove(TikiVipHeaders.Signature);
            request.Headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, Credentials.ClientId);
            request.Headers.TryAddWithoutValidation(TikiVipHeaders.Signature, TikiVipSignature.Compute(timestamp, Credentials.ClientId, body, Credentials.ClientSecret));
            return await base.SendAsync(request, cancellationToken);
        }
    }

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

/// <summary>The IPN body a hand-written client would declare.</summary>
public sealed record TypedIpn(
    [property: System.Text.Json.Serialization.JsonPropertyName("tiki_transaction_id")] string TikiTransactionId,
    [property: System.Text.Json.Serialization.JsonPropertyName("reference_transaction_id")] string ReferenceTransactionId,
    [property: System.Text.Json.Serialization.JsonPropertyName("transaction_id")] string TransactionId,
    [property: System.Text.Json.Serialization.JsonPropertyName("transaction_amount")] long TransactionAmount,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status);

[System.Text.Json.Serialization.JsonSerializable(typeof(TypedIpn))]
internal sealed partial class TypedIpnContext : System.Text.Json.Serialization.JsonSerializerContext;
