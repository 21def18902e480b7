namespace TikiVip.Sdk.Http;

/// <summary>Per-request metadata the client hands to its handlers.</summary>
internal static class TikiVipRequestOptions
{
    public static readonly HttpRequestOptionsKey<TikiVipOperation> Operation = new("TikiVip.Operation");
}
