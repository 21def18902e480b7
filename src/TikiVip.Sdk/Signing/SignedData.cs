namespace TikiVip.Sdk.Signing;

/// <summary>
/// What "data" means for a request without a body. The one place the SDK keeps this assumption.
/// </summary>
/// <remarks>
/// Tiki's documents define <c>data</c> only for a body. For a GET the SDK follows Tiki's platform-wide rule:
/// the path and query relative to the API base address, exactly as on the wire (percent-encoded), starting
/// with "/". Example: <c>/transaction?tiki_transaction_id=221115TIKIVIP-235784371-1668488254</c>.
/// </remarks>
public static class SignedData
{
    /// <summary>The data signed for a request without a body to <paramref name="requestUri"/>.</summary>
    /// <param name="baseAddress">The API base address, e.g. <c>https://api.tiki.vn/miniapp/tikivip/</c>.</param>
    /// <param name="requestUri">The absolute request URI.</param>
    /// <returns>The path and query relative to the base address, starting with <c>/</c>.</returns>
    public static string ForBodylessRequest(Uri baseAddress, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(requestUri);
        var basePath = baseAddress.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        var pathAndQuery = requestUri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        return ForBodylessRequest(basePath, pathAndQuery);
    }

    /// <summary>The data signed for a request without a body, from raw paths (as the receiving side sees them).</summary>
    /// <param name="basePath">The path of the API base address, e.g. <c>/miniapp/tikivip/</c>.</param>
    /// <param name="pathAndQuery">The request's escaped path and query, e.g. <c>/miniapp/tikivip/transaction?x=1</c>.</param>
    /// <returns>The path and query relative to the base path, starting with <c>/</c>.</returns>
    public static string ForBodylessRequest(string basePath, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(basePath);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var prefix = basePath.TrimEnd('/');
        return prefix.Length > 0 && pathAndQuery.StartsWith(prefix + "/", StringComparison.Ordinal)
            ? pathAndQuery[prefix.Length..]
            : pathAndQuery;
    }
}
