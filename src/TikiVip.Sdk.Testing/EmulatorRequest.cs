namespace TikiVip.Sdk.Testing;

/// <summary>A request the emulator received, for assertions.</summary>
public sealed class EmulatorRequest
{
    internal EmulatorRequest(string method, string pathAndQuery, IReadOnlyDictionary<string, string> headers, string body, bool signatureValid, DateTimeOffset receivedAt)
    {
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
        SignatureValid = signatureValid;
        ReceivedAt = receivedAt;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path and query relative to the API base, e.g. <c>/payment/ipn</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>The request headers (first value of each).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as text.</summary>
    public string Body { get; }

    /// <summary>Whether the three signature headers were present, fresh, for the right client, and correctly signed.</summary>
    public bool SignatureValid { get; }

    /// <summary>When the emulator received it (emulator clock).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The HTTP status the emulator answered.</summary>
    public int StatusCode { get; internal set; }
}
