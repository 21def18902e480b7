namespace TikiVip.Sdk;

/// <summary>Tiki's acknowledgement of an IPN.</summary>
public sealed class IpnResult
{
    /// <summary>Creates a result (for fakes in partners' tests).</summary>
    /// <param name="transactionId">The partner transaction id Tiki echoed back.</param>
    /// <param name="requestId">Tiki's request id.</param>
    /// <param name="message">Tiki's message.</param>
    public IpnResult(string? transactionId, string? requestId, string? message)
    {
        TransactionId = transactionId;
        RequestId = requestId;
        Message = message;
    }

    /// <summary>The partner transaction id Tiki echoed back, when its revision of the API does.</summary>
    public string? TransactionId { get; }

    /// <summary>Tiki's request id, when its revision of the API returns one.</summary>
    public string? RequestId { get; }

    /// <summary>Tiki's message, when present (usually "success").</summary>
    public string? Message { get; }
}
