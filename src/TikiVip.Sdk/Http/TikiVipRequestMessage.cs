namespace TikiVip.Sdk.Http;

/// <summary>
/// The request the client hands its handlers: it carries the operation and the one options snapshot the whole
/// call uses (address, credentials, timeouts and retries all come from it, so a reload between two calls changes
/// all of them together and never half of a call). A subclass rather than <c>HttpRequestMessage.Options</c>, so
/// a call allocates no property dictionary.
/// </summary>
internal sealed class TikiVipRequestMessage : HttpRequestMessage
{
    public TikiVipRequestMessage(HttpMethod method, Uri requestUri, TikiVipOperation operation, TikiVipOptions options)
        : base(method, requestUri)
    {
        Operation = operation;
        CallOptions = options;
    }

    public TikiVipOperation Operation { get; }

    public TikiVipOptions CallOptions { get; }

    /// <summary>Whether an earlier attempt of this request was signed (its headers must be replaced).</summary>
    public bool Signed { get; set; }

    /// <summary>
    /// How many attempts were sent. Only a transient failure is retried, so more than one means an earlier
    /// attempt may have reached Tiki although its answer was lost.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>The request's metadata; a request that did not come from the SDK's client cannot be signed.</summary>
    public static TikiVipRequestMessage Of(HttpRequestMessage request) =>
        request as TikiVipRequestMessage ?? throw new InvalidOperationException("This HttpClient only sends requests made by ITikiVipClient.");
}
