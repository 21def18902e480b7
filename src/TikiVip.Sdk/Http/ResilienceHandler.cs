using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Json;

namespace TikiVip.Sdk.Http;

/// <summary>
/// Runs each request through a Polly pipeline: retries with exponential backoff and jitter (honouring
/// <c>Retry-After</c>) around a per-attempt timeout. Each attempt is signed afresh (<see cref="AttemptSigner"/>),
/// everything below this handler runs once per attempt, and each attempt reads its body before it ends. The overall budget is the client's
/// per-call cancellation (<see cref="TikiVipOptions.TotalTimeout"/>).
/// </summary>
internal sealed class ResilienceHandler : DelegatingHandler
{
    private readonly TimeProvider _time;
    private readonly TikiVipMetrics _metrics;
    private readonly ILogger _logger;

    // Built from the options snapshot of the call; rebuilt only when the options are reloaded.
    private Pipeline? _pipeline;

    public ResilienceHandler(TimeProvider time, TikiVipMetrics metrics, ILogger<ResilienceHandler> logger)
    {
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = TikiVipRequestMessage.Of(request);
        var pipeline = _pipeline;
        if (!ReferenceEquals(pipeline?.Options, call.CallOptions))
        {
            _pipeline = pipeline = new Pipeline(call.CallOptions, CreatePipeline(call.CallOptions));
        }

        // The operation travels as the context's operation key: unlike a property, it allocates nothing.
        var context = ResilienceContextPool.Shared.Get(TikiVipMetrics.OperationName(call.Operation), cancellationToken);
        try
        {
            var outcome = await pipeline.Resilience.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendAttemptAsync(state.Call, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Call: call)).ConfigureAwait(false);

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<HttpResponseMessage> SendAttemptAsync(TikiVipRequestMessage request, CancellationToken cancellationToken)
    {
        request.Attempts++;
        var log = TikiVipAttemptLog.Current;
        var at = log is null ? default : _time.GetUtcNow();
        var started = log is null ? 0 : _time.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            await AttemptSigner.SignAsync(request, _time, cancellationToken).ConfigureAwait(false);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await ResponseBuffer.LoadAsync(response, cancellationToken).ConfigureAwait(false);
            log?.Add(Attempt(request, at, started, response, error: null));
            return response;
        }
        catch (Exception ex)
        {
            log?.Add(Attempt(request, at, started, response, ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => "timed out or cancelled",
                HttpRequestException network => "network error: " + network.Message,
                ResponseTooLargeException => "answer too large",
                _ => ex.GetType().Name,
            }));
            response?.Dispose();
            throw;
        }
    }

    private TikiVipHttpAttempt Attempt(TikiVipRequestMessage request, DateTimeOffset at, long started, HttpResponseMessage? response, string? error) => new()
    {
        Operation = request.Operation,
        Number = request.Attempts,
        At = at,
        Duration = _time.GetElapsedTime(started),
        HttpStatus = response is null ? null : (int)response.StatusCode,
        SystemError = error is null && response is { IsSuccessStatusCode: true } && TikiVipResponse.HasCode(ResponseBuffer.BytesOf(response), (int)TikiVipResultCode.SystemError),
        Error = error,
    };

    private ResiliencePipeline<HttpResponseMessage> CreatePipeline(TikiVipOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        var time = _time;
        var metrics = _metrics;
        var logger = _logger;

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
                ShouldHandle = static args => new ValueTask<bool>(ShouldRetry(args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    var operation = OperationOf(args.Context);
                    var reason = ReasonOf(args.Outcome);
                    metrics.Retries.Add(1, new(TikiVipMetrics.OperationTag, operation), new(TikiVipMetrics.RetryReasonTag, reason));
                    Log.Retrying(logger, operation, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, reason);
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
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

        // Tiki answers a system error as HTTP 200 with code 2 and says: retry (IPN and lookup alike; the webview's
        // code 2 is documented too). Each retry is signed afresh like any other.
        if (response.IsSuccessStatusCode)
        {
            // The attempt has buffered the body: it is read in place, and the client reads it again afterwards.
            return TikiVipResponse.HasCode(ResponseBuffer.BytesOf(response), (int)TikiVipResultCode.SystemError);
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

    private static string OperationOf(ResilienceContext context) => context.OperationKey ?? "request";

    private static string ReasonOf(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "attempt timeout",
        { Exception: HttpRequestException } => "network error",
        { Exception: { } other } => other.GetType().Name,
        { Result.StatusCode: HttpStatusCode.OK } => "Tiki system error (code 2)",
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        _ => "unknown",
    };

    private sealed record Pipeline(TikiVipOptions Options, ResiliencePipeline<HttpResponseMessage> Resilience);
}
