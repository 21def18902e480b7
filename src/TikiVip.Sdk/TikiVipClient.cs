using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Http;
using TikiVip.Sdk.Json;

namespace TikiVip.Sdk;

/// <summary>The typed <see cref="HttpClient"/> behind <see cref="ITikiVipClient"/>; signing and retries live in its handlers.</summary>
internal sealed class TikiVipClient : ITikiVipClient
{
    // Tiki's answers are a few hundred bytes; anything far larger is not Tiki and is not read whole.
    private const int MaxResponseSize = 1024 * 1024;

    private static readonly Uri IpnPath = new("payment/ipn", UriKind.Relative);
    private static readonly Uri WebviewPath = new("webview", UriKind.Relative);

    private readonly HttpClient _http;
    private readonly ILogger<TikiVipClient> _logger;

    public TikiVipClient(HttpClient http, ILogger<TikiVipClient> logger)
    {
        _http = http;
        _logger = logger;
    }

    public async Task<IpnResult> SubmitIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        var body = JsonSerializer.SerializeToUtf8Bytes(IpnBody.From(ipn), TikiVipJsonContext.Default.IpnBody);
        using var response = await SendAsync(TikiVipOperation.SubmitIpn, HttpMethod.Post, IpnPath, body, cancellationToken).ConfigureAwait(false);
        return new IpnResult(response.GetString("transaction_id"), response.GetString("request_id"), response.GetString("message"));
    }

    public async Task<TikiTransaction> GetTransactionAsync(string tikiTransactionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        var path = new Uri("transaction?tiki_transaction_id=" + Uri.EscapeDataString(tikiTransactionId), UriKind.Relative);
        using var response = await SendAsync(TikiVipOperation.GetTransaction, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);

        var statusText = response.GetString("status");
        if (!TikiVipTransactionStatusNames.TryParse(statusText, ignoreCase: true, out var status))
        {
            throw Fail(new TikiVipApiException(
                TikiVipOperation.GetTransaction, $"Tiki returned an unrecognised transaction status \"{statusText}\".", HttpStatusCode.OK));
        }

        var amount = response.GetInt64("amount") ?? response.GetInt64("transaction_amount")
            ?? throw Fail(new TikiVipApiException(TikiVipOperation.GetTransaction, "Tiki's answer has no amount.", HttpStatusCode.OK));
        return new TikiTransaction(
            response.GetString("tiki_transaction_id") ?? tikiTransactionId,
            response.GetString("partner_transaction_id") ?? response.GetString("transaction_id"),
            status,
            amount);
    }

    public async Task<WebviewLinks> CreateWebviewAsync(WebviewRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebviewBody.From(request), TikiVipJsonContext.Default.WebviewBody);
        using var response = await SendAsync(TikiVipOperation.CreateWebview, HttpMethod.Post, WebviewPath, body, cancellationToken).ConfigureAwait(false);

        if (!Uri.TryCreate(response.GetString("url_open"), UriKind.Absolute, out var open)
            || !Uri.TryCreate(response.GetString("url_checkout_result"), UriKind.Absolute, out var checkout))
        {
            throw Fail(new TikiVipApiException(TikiVipOperation.CreateWebview, "Tiki's answer lacks a valid url_open or url_checkout_result.", HttpStatusCode.OK));
        }

        return new WebviewLinks(open, checkout, response.GetString("request_id"));
    }

    public async Task<IpnDeliveryResult> DeliverIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        TikiVipApiException ipnError;
        try
        {
            return IpnDeliveryResult.Delivered(await SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false));
        }
        catch (TikiVipApiException ex) when (!ex.IsTransient)
        {
            return IpnDeliveryResult.Rejected(ex);
        }
        catch (TikiVipApiException ex)
        {
            ipnError = ex;
        }

        // Tiki's flow: after the retries are spent, ask what Tiki recorded.
        Log.IpnUnconfirmed(_logger, ipn.TikiTransactionId);
        try
        {
            var transaction = await GetTransactionAsync(ipn.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            return IpnDeliveryResult.RecordedByTiki(ipnError, transaction);
        }
        catch (TikiVipApiException lookupError)
        {
            return IpnDeliveryResult.Unknown(ipnError, lookupError);
        }
    }

    private async Task<TikiVipResponse> SendAsync(
        TikiVipOperation operation, HttpMethod method, Uri relativeUri, byte[]? body, CancellationToken cancellationToken)
    {
        using var activity = TikiVipDiagnostics.ActivitySource.StartActivity(ActivityName(operation), ActivityKind.Client);
        activity?.SetTag("tikivip.operation", operation.ToString());
        var started = Stopwatch.GetTimestamp();
        var outcome = "failure";
        string? reason = null;
        try
        {
            using var request = new HttpRequestMessage(method, relativeUri);
            if (body is not null)
            {
                request.Content = new JsonBytesContent(body);
            }

            RequestMetadata.SetOperation(request, operation);
            using var response = await SendWithErrorMappingAsync(operation, request, cancellationToken).ConfigureAwait(false);
            var bytes = await ReadBoundedAsync(operation, response, cancellationToken).ConfigureAwait(false);
            var parsed = TikiVipResponse.Read(operation, response.StatusCode, bytes);
            outcome = "success";
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.CallSucceeded(_logger, operation, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return parsed;
        }
        catch (TikiVipApiException ex)
        {
            reason = FailureReason(ex);
            Fail(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.ResultCode?.ToString() ?? ex.StatusCode?.ToString());
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            TikiVipDiagnostics.Requests.Add(1, new("operation", operation.ToString()), new("outcome", outcome), new("reason", reason ?? "none"));
            TikiVipDiagnostics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation.ToString()));
        }
    }

    private async Task<HttpResponseMessage> SendWithErrorMappingAsync(
        TikiVipOperation operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout carries TotalTimeout: the whole call, every attempt and delay included.
            throw new TikiVipApiException(operation, "Tiki did not answer within the time budget.", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TikiVipApiException(operation, "Tiki did not answer within the attempt timeout.", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TikiVipApiException(operation, $"Tiki could not be reached ({ex.Message}).", null, null, null, true, TikiVipRecommendedAction.Retry, ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(TikiVipOperation operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is null)
        {
            return ReadOnlyMemory<byte>.Empty; // .NET Framework leaves Content null for an empty body
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared > MaxResponseSize)
        {
            throw new TikiVipApiException(operation, $"The response is larger than {MaxResponseSize} bytes.", response.StatusCode);
        }

        if (declared is not null)
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        // No declared length (chunked): read with a bound, so a runaway body cannot exhaust memory.
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using (stream)
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(8192);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxResponseSize)
                    {
                        throw new TikiVipApiException(operation, $"The response is larger than {MaxResponseSize} bytes.", response.StatusCode);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }

    /// <summary>A low-cardinality metric tag: Tiki's result code, the HTTP status class, or the transport failure.</summary>
    private static string FailureReason(TikiVipApiException ex) => ex switch
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

    private TikiVipApiException Fail(TikiVipApiException exception)
    {
        Log.CallFailed(_logger, exception.Operation, exception.StatusCode, exception.Code, exception.IsTransient, exception.RecommendedAction);
        return exception;
    }
}
