using System.Globalization;
using System.Net;
using System.Text;
using RichardSzalay.MockHttp;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Tests.Support;

/// <summary>One request as it reached the network.</summary>
internal sealed record WireRequest(HttpMethod Method, Uri Uri, string Timestamp, string ClientId, string Signature, byte[] Body, string? ContentType)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public bool SignatureIsValidFor(string signedData) =>
        TikiVipSignature.Verify(Signature, long.Parse(Timestamp, CultureInfo.InvariantCulture), ClientId, Encoding.UTF8.GetBytes(signedData), ApiReference.ClientSecret);

    public bool BodySignatureIsValid() =>
        TikiVipSignature.Verify(Signature, long.Parse(Timestamp, CultureInfo.InvariantCulture), ClientId, Body, ApiReference.ClientSecret);
}

/// <summary>Records requests and answers them from a script, one response per attempt.</summary>
internal sealed class Wire
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();
    private readonly TaskCompletionSource<bool> _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<WireRequest> Requests { get; } = [];

    /// <summary>Completes when the first request has reached the wire (to start moving fake time only then).</summary>
    public Task FirstRequest => _firstRequest.Task;

    public static Wire On(MockHttpMessageHandler http, HttpMethod method, string url)
    {
        var wire = new Wire();
        http.When(method, url).Respond(wire.AnswerAsync);
        return wire;
    }

    public Wire Then(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        lock (Requests)
        {
            Requests.Add(new WireRequest(
                request.Method,
                request.RequestUri!,
                Single(request, TikiVipHeaders.Timestamp),
                Single(request, TikiVipHeaders.ClientId),
                Single(request, TikiVipHeaders.Signature),
                body,
                request.Content?.Headers.ContentType?.ToString()));
        }

        _firstRequest.TrySetResult(true);

        Func<HttpResponseMessage> next;
        lock (_script)
        {
            next = _script.Count > 1 ? _script.Dequeue() : _script.Peek();
        }

        return next();
    }

    private static string Single(HttpRequestMessage request, string header) =>
        request.Headers.TryGetValues(header, out var values) ? Assert.Single(values) : throw new Xunit.Sdk.XunitException($"Header {header} is missing.");
}
