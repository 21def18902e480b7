using System.Net;

namespace TikiVip.Sdk.Http;

/// <summary>
/// Reads a response body into memory inside the attempt that received it, so the attempt timeout, the retries
/// and the overall budget all cover the body too: a body trickled slowly is a timed-out attempt, not a success.
/// </summary>
internal static class ResponseBuffer
{
    /// <summary>Tiki's answers are a few hundred bytes; anything far larger is not Tiki and is not read whole.</summary>
    public const int MaxSize = 1024 * 1024;

    public static async Task LoadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is not { } content)
        {
            return; // .NET Framework leaves Content null for an empty body
        }

        if (content.Headers.ContentLength > MaxSize)
        {
            throw new ResponseTooLargeException(response.StatusCode);
        }

        try
        {
#if NET9_0_OR_GREATER
            await content.LoadIntoBufferAsync(MaxSize, cancellationToken).ConfigureAwait(false);
#else
            // No cancellable overload before .NET 9: disposing the response aborts the read instead.
            using (cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
            {
                await content.LoadIntoBufferAsync(MaxSize).ConfigureAwait(false);
            }
#endif
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is null)
        {
            // How LoadIntoBufferAsync reports a body over the limit; a failure of the network has an inner exception.
            throw new ResponseTooLargeException(response.StatusCode);
        }
    }
}
