namespace TikiVip.Sdk.Http;

/// <summary>
/// What the client hands its handlers with each request: the operation and the one options snapshot the
/// whole call uses (address, credentials, timeouts and retries all come from it, so a reload between two
/// calls changes all of them together and never half of a call).
/// </summary>
internal sealed class RequestMetadata
{
#if NET
    private static readonly HttpRequestOptionsKey<RequestMetadata> Key = new("TikiVip.Call");
#else
    private const string Key = "TikiVip.Call";
#endif

    private RequestMetadata(TikiVipOperation operation, TikiVipOptions options)
    {
        Operation = operation;
        Options = options;
    }

    public TikiVipOperation Operation { get; }

    public TikiVipOptions Options { get; }

    /// <summary>Whether an earlier attempt of this request was signed (its headers must be replaced).</summary>
    public bool Signed { get; set; }

    public static void Attach(HttpRequestMessage request, TikiVipOperation operation, TikiVipOptions options)
    {
#if NET
        request.Options.Set(Key, new RequestMetadata(operation, options));
#else
        request.Properties[Key] = new RequestMetadata(operation, options);
#endif
    }

    /// <summary>The request's metadata; a request that did not come from the SDK's client cannot be signed.</summary>
    public static RequestMetadata Of(HttpRequestMessage request) =>
        TryGet(request) ?? throw new InvalidOperationException("This HttpClient only sends requests made by ITikiVipClient.");

    public static RequestMetadata? TryGet(HttpRequestMessage request)
    {
#if NET
        return request.Options.TryGetValue(Key, out var metadata) ? metadata : null;
#else
        return request.Properties.TryGetValue(Key, out var value) ? value as RequestMetadata : null;
#endif
    }
}
