namespace TikiVip.Sdk.Refunds;

/// <summary>
/// One incoming refund callback as a host received it: the raw material the refund pipeline verifies.
/// Any host (ASP.NET Core, Azure Functions, a bare listener) fills it from its own request type.
/// </summary>
public sealed class RefundDelivery
{
    /// <summary>Creates a delivery.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="body">The request body, unread. The pipeline reads at most the configured size from it.</param>
    public RefundDelivery(string method, Stream body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(body);
        Method = method;
        Body = body;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The raw request body.</summary>
    public Stream Body { get; }

    /// <summary>The <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>The <c>Content-Length</c> header, if any.</summary>
    public long? ContentLength { get; init; }

    /// <summary>The <c>X-Tikivip-Timestamp</c> header, or <see langword="null"/> when absent or repeated.</summary>
    public string? Timestamp { get; init; }

    /// <summary>The <c>X-Tikivip-Client-Id</c> header, or <see langword="null"/> when absent or repeated.</summary>
    public string? ClientId { get; init; }

    /// <summary>The <c>X-Tikivip-Signature</c> header, or <see langword="null"/> when absent or repeated.</summary>
    public string? Signature { get; init; }

    /// <summary>
    /// The <c>X-Tiniapp-Timestamp</c> header (Tiki's earlier name), or <see langword="null"/> when absent or repeated.
    /// A request signs with one header family; both present and disagreeing is refused.
    /// </summary>
    public string? TiniappTimestamp { get; init; }

    /// <summary>The <c>X-Tiniapp-Client-Id</c> header (Tiki's earlier name), or <see langword="null"/> when absent or repeated.</summary>
    public string? TiniappClientId { get; init; }

    /// <summary>The <c>X-Tiniapp-Signature</c> header (Tiki's earlier name), or <see langword="null"/> when absent or repeated.</summary>
    public string? TiniappSignature { get; init; }
}
