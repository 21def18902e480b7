using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Json;

namespace TikiVip.Sdk.Http;

/// <summary>
/// Runs each request through a Polly pipeline: retries with exponential backoff and jitter (honouring
/// <c>Retry-After</c>) around a per-attempt timeout. Everything below this handler, signing included, runs
/// once per attempt. The overall budget is the typed client's <see cref="HttpClient.Timeout"/>, which
/// HttpClient enforces with the cancellation source it creates for every call anyway.
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("TikiVip.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ResilienceHandler(IOptions<TikiVipOptions> options, TimeProvider time, ILogger<ResilienceHandler> logger)
    {
        _pipeline = CreatePipeline(options.Value, time, logger);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendAttemptAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static ResiliencePipeline<HttpResponseMessage> CreatePipeline(TikiVipOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };

        var retry = options.Retry;
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = static args => ShouldRetryAsync(args.Outcome, args.Context),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    var operation = OperationOf(args.Context);
                    var reason = ReasonOf(args.Outcome);
                    TikiVipDiagnostics.Retries.Add(1, new("operation", operation), new("reason", reason));
                    Log.Retrying(logger, operation, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, reason);
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is { } exception)
        {
            // The caller's own cancellation is final; a per-attempt timeout or a network failure is not.
            return exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if (TikiVipResponse.IsTransientStatus(response.StatusCode))
        {
            return true;
        }

        // Tiki's status lookup answers a system error as HTTP 200 with code 2 and says: retry.
        if (response.IsSuccessStatusCode
            && context.Properties.TryGetValue(RequestKey, out var request)
            && RequestMetadata.TryGetOperation(request, out var operation)
            && operation == TikiVipOperation.GetTransaction)
        {
            // Reading buffers the content, so the client can still read it afterwards.
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
            return TikiVipResponse.HasCode(body, (int)TikiVipResultCode.SystemError);
        }

        return false;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - (response!.Headers.Date ?? time.GetUtcNow());
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string OperationOf(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) && RequestMetadata.TryGetOperation(request, out var operation)
            ? operation.ToString()
            : "request";

    private static string ReasonOf(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "attempt timeout",
        { Exception: HttpRequestException } => "network error",
        { Exception: { } other } => other.GetType().Name,
        { Result.StatusCode: HttpStatusCode.OK } => "Tiki system error (code 2)",
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        _ => "unknown",
    };
}
