using System.Net;

namespace TikiVip.Sdk.Http;

/// <summary>The body exceeded <see cref="ResponseBuffer.MaxSize"/>: not something a retry fixes.</summary>
internal sealed class ResponseTooLargeException(HttpStatusCode statusCode)
    : Exception($"The response is larger than {ResponseBuffer.MaxSize} bytes.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
