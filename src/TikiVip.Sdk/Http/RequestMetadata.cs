namespace TikiVip.Sdk.Http;

/// <summary>Per-request metadata the client hands to its handlers (request options on .NET 5+, properties before).</summary>
internal static class RequestMetadata
{
#if NET
    private static readonly HttpRequestOptionsKey<TikiVipOperation> OperationKey = new("TikiVip.Operation");
    private static readonly HttpRequestOptionsKey<bool> SignedKey = new("TikiVip.Signed");

    public static void SetOperation(HttpRequestMessage request, TikiVipOperation operation) => request.Options.Set(OperationKey, operation);

    public static bool TryGetOperation(HttpRequestMessage request, out TikiVipOperation operation) => request.Options.TryGetValue(OperationKey, out operation);

    /// <summary>Marks the request as signed; returns whether an earlier attempt had signed it already.</summary>
    public static bool MarkSigned(HttpRequestMessage request)
    {
        var wasSigned = request.Options.TryGetValue(SignedKey, out _);
        request.Options.Set(SignedKey, true);
        return wasSigned;
    }
#else
    private const string OperationKey = "TikiVip.Operation";
    private const string SignedKey = "TikiVip.Signed";

    public static void SetOperation(HttpRequestMessage request, TikiVipOperation operation) => request.Properties[OperationKey] = operation;

    public static bool TryGetOperation(HttpRequestMessage request, out TikiVipOperation operation)
    {
        if (request.Properties.TryGetValue(OperationKey, out var value) && value is TikiVipOperation found)
        {
            operation = found;
            return true;
        }

        operation = default;
        return false;
    }

    public static bool MarkSigned(HttpRequestMessage request)
    {
        var wasSigned = request.Properties.ContainsKey(SignedKey);
        request.Properties[SignedKey] = true;
        return wasSigned;
    }
#endif
}
