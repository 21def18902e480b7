using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Http;
using TikiVip.Sdk.Json;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk;

/// <summary>The typed <see cref="HttpClient"/> behind <see cref="ITikiVipClient"/>; signing and retries live in its handlers.</summary>
internal sealed class TikiVipClient : ITikiVipClient
{
    private static readonly Uri IpnPath = new("payment/ipn", UriKind.Relative);
    private static readonly Uri WebviewPath = new("webview", UriKind.Relative);

    // Set on each request rather than in DefaultRequestHeaders, which HttpClient clones into every request.
    private static readonly string UserAgent = "TikiVip.Sdk/" + SdkVersion();

    private readonly HttpClient _http;
    private readonly IOptionsMonitor<TikiVipOptions> _options;
    private readonly TimeProvider _time;
    private readonly TikiVipMetrics _metrics;
    private readonly ILogger<TikiVipClient> _logger;

    // The API's absolute addresses for the current options snapshot: combining URIs costs more than the rest of a call's set-up.
    private Addresses? _addresses;

    public TikiVipClient(HttpClient http, IOptionsMonitor<TikiVipOptions> options, TimeProvider time, TikiVipMetrics metrics, ILogger<TikiVipClient> logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public Task<IpnResult> SubmitIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        var body = IpnBody.Serialize(ipn);
        return SendAsync(
            TikiVipOperation.SubmitIpn, IpnPath, body,
            static (response, _) => new IpnResult(response.GetString("transaction_id"), response.GetString("request_id"), response.GetString("message")),
            (object?)null, cancellationToken);
    }

    public Task<TikiTransaction> GetTransactionAsync(string tikiTransactionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        var path = new Uri("transaction?tiki_transaction_id=" + Uri.EscapeDataString(tikiTransactionId), UriKind.Relative);
        return SendAsync(TikiVipOperation.GetTransaction, path, null, ReadTransaction, tikiTransactionId, cancellationToken);
    }

    public Task<WebviewLinks> CreateWebviewAsync(WebviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebviewBody.From(request), TikiVipJsonContext.Wire.WebviewBody);
        return SendAsync(TikiVipOperation.CreateWebview, WebviewPath, body, ReadWebview, (object?)null, cancellationToken);
    }

    public Task<IpnDeliveryResult> DeliverIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default) =>
        IpnDeliveryFlow.RunAsync(this, ipn, tikiTransactionId => Log.IpnUnconfirmed(_logger, tikiTransactionId), cancellationToken);

    private static TikiTransaction ReadTransaction(TikiVipResponse response, string tikiTransactionId)
    {
        var statusText = response.GetString("status");
        if (!TikiVipTransactionStatusNames.TryParse(statusText, ignoreCase: true, out var status))
        {
            throw new TikiVipApiException(
                TikiVipOperation.GetTransaction, $"Tiki returned an unrecognised transaction status \"{statusText}\".", HttpStatusCode.OK);
        }

        var amount = response.GetInt64("amount") ?? response.GetInt64("transaction_amount")
            ?? throw new TikiVipApiException(TikiVipOperation.GetTransaction, "Tiki's answer has no amount.", HttpStatusCode.OK);
        return new TikiTransaction(
            response.GetString("tiki_transaction_id") ?? tikiTransactionId,
            response.GetString("partner_transaction_id") ?? response.GetString("transaction_id"),
            status,
            amount);
    }

    private static WebviewLinks ReadWebview(TikiVipResponse response, object? state)
    {
        if (!Uri.TryCreate(response.GetString("url_open"), UriKind.Absolute, out var open)
            || !Uri.TryCreate(response.GetString("url_checkout_result"), UriKind.Absolute, out var checkout))
        {
            throw new TikiVipApiException(TikiVipOperation.CreateWebview, "Tiki's answer lacks a valid url_open or url_checkout_result.", HttpStatusCode.OK);
        }

        return new WebviewLinks(open, checkout, response.GetString("request_id"));
    }

    /// <summary>
    /// One call: one options snapshot, the overall budget, the handlers' attempts, and the reading of the answer,
    /// all inside the same measurement, so a call that fails while its answer is interpreted counts as failed.
    /// </summary>
    private async Task<T> SendAsync<T, TState>(
        TikiVipOperation operation, Uri relativeUri, byte[]? body, Func<TikiVipResponse, TState, T> interpret, TState state,
        CancellationToken cancellationToken)
    {
        using var activity = TikiVipDiagnostics.ActivitySource.StartActivity(ActivityName(operation), ActivityKind.Client);
        activity?.SetTag(TikiVipMetrics.OperationTag, TikiVipMetrics.OperationName(operation));
        var options = _options.CurrentValue;
        var started = Stopwatch.GetTimestamp();
        var outcome = TikiVipDiagnostics.FailureOutcome;
        string? errorType = null;
        using var request = new TikiVipRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, AbsoluteUri(options, relativeUri), operation, options);
        try
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (body is not null)
            {
                request.Content = BytesContent.Json(body);
            }

            using var response = await SendWithinBudgetAsync(operation, request, options.TotalTimeout, cancellationToken).ConfigureAwait(false);
            if (response.Content is not BytesContent)
            {
                await ResponseBuffer.LoadAsync(response, cancellationToken).ConfigureAwait(false); // a handler replaced the SDK's
            }

            var bytes = ResponseBuffer.BytesOf(response);
            using var parsed = TikiVipResponse.Read(operation, response.StatusCode, bytes);
            var result = interpret(parsed, state);
            outcome = TikiVipDiagnostics.SuccessOutcome;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.CallSucceeded(_logger, operation, elapsedMs);
            }

            return result;
        }
        catch (TikiVipApiException ex)
        {
            errorType = ErrorType(ex);
            Log.CallFailed(_logger, ex.Operation, ex.StatusCode, ex.Code, ex.IsTransient, ex.RecommendedAction);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            activity?.SetTag(TikiVipMetrics.ErrorTypeTag, errorType);
            if (!ex.IsTransient && request.Attempts > 1)
            {
                // A refusal after a lost answer does not prove Tiki has no record: say so, for whoever decides on a refund.
                throw ex.AfterTransientFailure();
            }

            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            _metrics.CountCall(operation, outcome, errorType, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<HttpResponseMessage> SendWithinBudgetAsync(
        TikiVipOperation operation, HttpRequestMessage request, TimeSpan totalTimeout, CancellationToken cancellationToken)
    {
        // The overall budget of the call: every attempt, every delay and every body read.
        using var budget = CallBudget.Start(totalTimeout, _time, cancellationToken);
        try
        {
            // Headers-read: the resilience handler has read the body inside the attempt already.
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new TikiVipApiException(operation, "Tiki did not answer within the time budget.", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TikiVipApiException(operation, "Tiki did not answer within the attempt timeout.", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
        catch (ResponseTooLargeException ex)
        {
            throw new TikiVipApiException(operation, ex.Message, ex.StatusCode, null, null, false, TikiVipRecommendedAction.CheckRequest, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TikiVipApiException(operation, $"Tiki could not be reached ({ex.Message}).", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
    }

    private static string SdkVersion()
    {
        var version = typeof(TikiVipOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var metadata = version.IndexOf('+');
        return metadata < 0 ? version : version[..metadata]; // drop the commit hash SourceLink appends
    }

    private Uri AbsoluteUri(TikiVipOptions options, Uri relativeUri)
    {
        var addresses = _addresses;
        if (!ReferenceEquals(addresses?.Options, options))
        {
            var root = options.ResolveBaseAddress();
            _addresses = addresses = new Addresses(options, root, new Uri(root, IpnPath), new Uri(root, WebviewPath));
        }

        return ReferenceEquals(relativeUri, IpnPath) ? addresses.Ipn
            : ReferenceEquals(relativeUri, WebviewPath) ? addresses.Webview
            : new Uri(addresses.Root, relativeUri);
    }

    /// <summary>
    /// The <c>error.type</c> tag: Tiki's result code, the HTTP status class, or the transport failure
    /// (low-cardinality by construction).
    /// </summary>
    private static string ErrorType(TikiVipApiException ex) => ex switch
    {
        { ResultCode: { } code } => code.ToString(),
        { Code: not null } => "undocumented_code",
        { StatusCode: { } status } => $"http_{(int)status / 100}xx",
        _ => ex.InnerException is HttpRequestException ? "network" : "timeout",
    };

    private static string ActivityName(TikiVipOperation operation) => operation switch
    {
        TikiVipOperation.SubmitIpn => "TikiVip SubmitIpn",
        TikiVipOperation.GetTransaction => "TikiVip GetTransaction",
        _ => "TikiVip CreateWebview",
    };

    private sealed record Addresses(TikiVipOptions Options, Uri Root, Uri Ipn, Uri Webview);
}
