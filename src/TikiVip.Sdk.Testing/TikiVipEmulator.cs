using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Testing;

/// <summary>
/// A fake Tiki VIP partner API on real HTTP (Kestrel on 127.0.0.1), for partners' integration tests and the
/// SDK's own. It checks every call's signature with the SDK's signing code, keeps a ledger of transactions,
/// answers IPNs, status lookups and webview requests from it, injects faults, records what it received, and
/// sends signed refund callbacks (genuine or hostile) to a partner endpoint.
/// </summary>
/// <example><code>
/// await using var emulator = await TikiVipEmulator.StartAsync();
/// services.AddTikiVip(emulator.ConfigureClient);
/// var tikiId = emulator.CreateTransaction(100_000);
/// </code></example>
public sealed class TikiVipEmulator : IAsyncDisposable
{
    /// <summary>The path under which the emulator serves the API, as Tiki does.</summary>
    public const string BasePath = "/miniapp/tikivip";

    private readonly WebApplication _app;
    private readonly TikiVipEmulatorOptions _options;
    private readonly ConcurrentDictionary<string, EmulatedTransaction> _ledger = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorRequest> _requests = new();
    private readonly Queue<HttpStatusCode?> _faults = new(); // null: time out
    private int _systemErrorIpns;
    private readonly HttpClient _callbacks = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stopping = new();
    private int _sequence = 235784370;

    private TikiVipEmulator(WebApplication app, TikiVipEmulatorOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The API base address to configure a client with, e.g. <c>http://127.0.0.1:41234/miniapp/tikivip/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The client id the emulator accepts.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>The client secret the emulator accepts.</summary>
    public string ClientSecret => _options.ClientSecret;

    /// <summary>The envelope revision the emulator answers in. Default: <see cref="TikiVipEnvelopeRevision.Current"/>.</summary>
    public TikiVipEnvelopeRevision Revision { get; set; }

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _requests.ToArray();

    /// <summary>
    /// How long the emulator takes to answer each request (a slow Tiki), measured on its
    /// <see cref="TikiVipEmulatorOptions.TimeProvider"/>. Default: none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan ResponseDelay
    {
        get;
        set => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(ResponseDelay), value, "The delay must not be negative.");
    }

    /// <summary>Starts an emulator on a loopback port.</summary>
    /// <param name="options">Credentials, port and behaviour; defaults to test credentials on a free loopback port.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop the server.</returns>
    public static async Task<TikiVipEmulator> StartAsync(TikiVipEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TikiVipEmulatorOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientSecret);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var emulator = new TikiVipEmulator(app, options);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseAddress = new Uri(address.TrimEnd('/') + BasePath + "/");
        return emulator;
    }

    /// <summary>Points SDK options at this emulator (base address and test credentials).</summary>
    /// <param name="options">The SDK options to point at this emulator (base address and credentials).</param>
    public void ConfigureClient(TikiVipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.BaseAddress = BaseAddress;
    }

    /// <summary>Creates a pending transaction, as when a customer starts paying; returns Tiki's transaction id.</summary>
    /// <param name="amount">The amount in VND the customer is paying.</param>
    /// <returns>The new Tiki transaction id.</returns>
    public string CreateTransaction(long amount) => Add(amount, belongsToAnotherPartner: false);

    /// <summary>Creates a transaction that belongs to another partner (IPNs and lookups for it get code 4).</summary>
    /// <returns>The Tiki transaction id, which an IPN from this partner gets code 4 for.</returns>
    /// <param name="amount">The amount in VND.</param>
    public string CreateTransactionOfAnotherPartner(long amount) => Add(amount, belongsToAnotherPartner: true);

    /// <summary>Cancels a transaction (IPNs and lookups for it get code 6).</summary>
    /// <param name="tikiTransactionId">The transaction to cancel.</param>
    public void CancelTransaction(string tikiTransactionId)
    {
        var transaction = GetTransaction(tikiTransactionId);
        lock (transaction)
        {
            transaction.IsCancelled = true;
        }
    }

    /// <summary>The ledger entry of a transaction.</summary>
    /// <exception cref="KeyNotFoundException">The emulator never created it.</exception>
    /// <returns>The emulator's record of the transaction.</returns>
    /// <param name="tikiTransactionId">The transaction to read.</param>
    public EmulatedTransaction GetTransaction(string tikiTransactionId) =>
        _ledger.TryGetValue(tikiTransactionId, out var transaction)
            ? transaction
            : throw new KeyNotFoundException($"The emulator has no transaction '{tikiTransactionId}'.");

    /// <summary>Makes the next <paramref name="count"/> calls fail with <paramref name="status"/> before they are processed.</summary>
    /// <param name="count">How many of the next requests fail.</param>
    /// <param name="status">The HTTP status they get; default 503.</param>
    public void FailNextRequests(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable) => AddFaults(count, status);

    /// <summary>Makes the next <paramref name="count"/> calls hang until the client gives up.</summary>
    /// <param name="count">How many of the next requests hang until the caller gives up.</param>
    public void TimeOutNextRequests(int count) => AddFaults(count, null);

    /// <summary>
    /// Makes the next <paramref name="count"/> IPNs get Tiki's "system error": HTTP 200 with code 2 (in the current
    /// revision's envelope), which Tiki's guide says to retry and then look up. Lookups are not affected.
    /// </summary>
    /// <param name="count">How many of the next IPNs get code 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void AnswerNextIpnsWithSystemError(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _systemErrorIpns, count);
    }

    /// <summary>Sends a refund callback for a transaction to a partner endpoint, signed as Tiki signs it (or hostile, on request).</summary>
    /// <param name="partnerEndpoint">The partner's refund URL, e.g. <c>http://127.0.0.1:5000/tikivip/refunds</c>.</param>
    /// <param name="tikiTransactionId">A transaction from <see cref="CreateTransaction"/>.</param>
    /// <param name="options">Request id (reuse one for a duplicate), a partial amount, reason and variant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status and body the partner's endpoint answered.</returns>
    public async Task<RefundCallbackResult> SendRefundAsync(
        Uri partnerEndpoint, string tikiTransactionId, RefundCallbackOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partnerEndpoint);
        options ??= new RefundCallbackOptions();
        var transaction = GetTransaction(tikiTransactionId);
        var partnerTransactionId = options.PartnerTransactionId ?? transaction.PartnerTransactionId
            ?? throw new InvalidOperationException($"Transaction '{tikiTransactionId}' has no partner transaction id yet: send its IPN first, or set {nameof(RefundCallbackOptions.PartnerTransactionId)}.");
        var requestId = options.RequestId ?? $"rf-{Guid.NewGuid():N}";
        var refund = new RefundRequest(tikiTransactionId, partnerTransactionId, transaction.Amount, options.Reason, requestId) { RequestAmount = options.RequestAmount };

        var now = _options.TimeProvider.GetUtcNow();
        var signed = options.Variant switch
        {
            RefundCallbackVariant.Stale => TikiVipSignedRequest.ForRefund(refund, ClientId, ClientSecret, now.AddMinutes(-10)),
            RefundCallbackVariant.WrongSecret => TikiVipSignedRequest.ForRefund(refund, ClientId, ClientSecret + "-wrong", now),
            RefundCallbackVariant.Tampered => TikiVipSignedRequest.ForRefund(refund, ClientId, ClientSecret, now).WithTamperedBody(),
            _ => TikiVipSignedRequest.ForRefund(refund, ClientId, ClientSecret, now),
        };

        using var request = signed.ToHttpRequestMessage(partnerEndpoint);
        using var response = await _callbacks.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new RefundCallbackResult(requestId, (int)response.StatusCode, body);
    }

    /// <summary>Stops the emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _callbacks.Dispose();
        _stopping.Dispose();
    }

    private string Add(long amount, bool belongsToAnotherPartner)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be positive.");
        }

        var now = _options.TimeProvider.GetUtcNow();
        var id = $"{now:yyMMdd}TIKIVIP-{Interlocked.Increment(ref _sequence)}-{now.ToUnixTimeSeconds()}";
        _ledger[id] = new EmulatedTransaction(id, amount, belongsToAnotherPartner);
        return id;
    }

    private bool TakeSystemError()
    {
        int pending;
        do
        {
            pending = Volatile.Read(ref _systemErrorIpns);
            if (pending == 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _systemErrorIpns, pending - 1, pending) != pending);

        return true;
    }

    private void AddFaults(int count, HttpStatusCode? status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_faults)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(status);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var relative = request.Path.StartsWithSegments(BasePath, out var rest) ? rest.Value + request.QueryString.Value : null;

        var record = new EmulatorRequest(
            request.Method,
            relative ?? request.Path.Value + request.QueryString.Value,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Encoding.UTF8.GetString(body),
            IsAuthentic(request, relative, body),
            _options.TimeProvider.GetUtcNow());
        _requests.Enqueue(record);

        var response = await RespondAsync(request, relative, body, record.SignatureValid, context.RequestAborted).ConfigureAwait(false);
        record.StatusCode = response.StatusCode;
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<EmulatorResponse> RespondAsync(HttpRequest request, string? relative, byte[] body, bool authentic, CancellationToken aborted)
    {
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, _options.TimeProvider, aborted).ConfigureAwait(false);
        }

        if (NextFault(out var fault))
        {
            if (fault is { } status)
            {
                return EmulatorResponse.Error((int)status, "injected fault");
            }

            using var hang = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, hang.Token).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return EmulatorResponse.Error(504, "injected timeout");
        }

        var route = (request.Method, request.Path.StartsWithSegments(BasePath, out var rest) ? rest.Value : null);
        var known = route is ("POST", "/payment/ipn" or "/ipn") or ("GET", "/transaction" or "/transactions") or ("POST", "/webview");
        if (relative is null || !known)
        {
            return EmulatorResponse.Error(404, "not found");
        }

        if (route is ("POST", "/payment/ipn" or "/ipn") && TakeSystemError())
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.SystemError, "system error");
        }

        if (!authentic)
        {
            return EmulatorResponse.Error(401, "invalid signature");
        }

        return route.Item2 switch
        {
            "/payment/ipn" or "/ipn" => Ipn(body),
            "/transaction" or "/transactions" => Lookup(request.Query["tiki_transaction_id"].ToString()),
            _ => Webview(body),
        };
    }

    private bool NextFault(out HttpStatusCode? fault)
    {
        lock (_faults)
        {
            return _faults.TryDequeue(out fault);
        }
    }

    private bool IsAuthentic(HttpRequest request, string? relative, byte[] body)
    {
        var timestampText = request.Headers[TikiVipHeaders.Timestamp].ToString();
        var signature = request.Headers[TikiVipHeaders.Signature].ToString();
        if (relative is null
            || request.Headers[TikiVipHeaders.ClientId].ToString() != ClientId
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        var age = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() - timestamp;
        if (Math.Abs(age) > _options.TimestampTolerance.TotalMilliseconds)
        {
            return false;
        }

        var data = body.Length > 0 || !HttpMethods.IsGet(request.Method)
            ? body
            : Encoding.UTF8.GetBytes(SignedData.ForBodylessRequest(BasePath + "/", BasePath + relative));
        return TikiVipSignature.Verify(signature, timestamp, ClientId, data, ClientSecret);
    }

    private EmulatorResponse Ipn(byte[] body)
    {
        if (!TryReadObject(body, out var root)
            || !TryString(root, "reference_transaction_id", out var tikiId) && !TryString(root, "tiki_transaction_id", out tikiId)
            || !TryString(root, "transaction_id", out var partnerId)
            || !root.TryGetProperty("transaction_amount", out var amountElement) || !amountElement.TryGetInt64(out var amount)
            || !TryString(root, "status", out var statusText) || !TikiVipTransactionStatusNames.TryParse(statusText, ignoreCase: true, out var status))
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.InvalidRequest, "invalid request");
        }

        if (Check(tikiId) is { } failure)
        {
            return failure;
        }

        var transaction = _ledger[tikiId];
        lock (transaction)
        {
            if (transaction.Amount != amount)
            {
                return EmulatorResponse.Failure(Revision, TikiVipResultCode.InvalidAmount, "invalid transaction amount");
            }

            transaction.PartnerTransactionId = partnerId;
            transaction.Status = status;
            transaction.AcceptedIpnCount++;
            transaction.PartnerBankingMethod = TryString(root, "partner_banking_method", out var method) ? method : null;
        }

        return EmulatorResponse.Success(Revision, w => w.WriteString("transaction_id", partnerId));
    }

    private EmulatorResponse Lookup(string tikiId)
    {
        if (string.IsNullOrEmpty(tikiId))
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.InvalidRequest, "tiki_transaction_id is required");
        }

        if (Check(tikiId) is { } failure)
        {
            return failure;
        }

        var transaction = _ledger[tikiId];
        lock (transaction)
        {
            return EmulatorResponse.TopLevel(Revision, w =>
            {
                w.WriteString("tiki_transaction_id", transaction.TikiTransactionId);
                w.WriteString("partner_transaction_id", transaction.PartnerTransactionId);
                w.WriteString("status", TikiVipTransactionStatusNames.ToWireName(transaction.Status));
                w.WriteNumber("amount", transaction.Amount);
            });
        }
    }

    private EmulatorResponse Webview(byte[] body)
    {
        if (!TryReadObject(body, out var root)
            || !TryString(root, "identify_code", out var code)
            || !root.TryGetProperty("identify_phone", out var phone)
            || phone.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.InvalidRequest, "invalid request");
        }

        var requestId = $"wv-{Guid.NewGuid():N}";
        var encoded = Uri.EscapeDataString(code);
        return EmulatorResponse.Success(TikiVipEnvelopeRevision.Current, w =>
        {
            w.WriteString("url_open", $"https://tiki.vn/apps/vn.tiki.vip?identify_code={encoded}&request_id={requestId}");
            w.WriteString("url_checkout_result", $"https://tiki.vn//apps/vn.tiki.vip/callback/index?request_id={requestId}");
            w.WriteString("request_id", requestId);
        });
    }

    private EmulatorResponse? Check(string tikiId)
    {
        if (!_ledger.TryGetValue(tikiId, out var transaction))
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.TransactionNotFound, "transaction not found");
        }

        if (transaction.BelongsToAnotherPartner)
        {
            return EmulatorResponse.Failure(Revision, TikiVipResultCode.TransactionNotOwned, "transaction does not belong to this partner");
        }

        return transaction.IsCancelled ? EmulatorResponse.Failure(Revision, TikiVipResultCode.TransactionCancelled, "transaction cancelled") : null;
    }

    private static bool TryReadObject(byte[] body, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";
        return value.Length > 0;
    }
}
