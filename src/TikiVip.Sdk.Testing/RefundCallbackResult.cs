namespace TikiVip.Sdk.Testing;

/// <summary>How a partner endpoint answered a refund callback from the emulator.</summary>
public sealed class RefundCallbackResult
{
    internal RefundCallbackResult(string requestId, int statusCode, string body)
    {
        RequestId = requestId;
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>The <c>request_id</c> that was sent.</summary>
    public string RequestId { get; }

    /// <summary>The partner's HTTP status (200 means Tiki considers the refund done).</summary>
    public int StatusCode { get; }

    /// <summary>The partner's response body.</summary>
    public string Body { get; }

    /// <summary>Whether Tiki would consider the refund accepted.</summary>
    public bool Accepted => StatusCode == 200;
}
