namespace TikiVip.Sdk.Http;

/// <summary>
/// Reads a response body into memory inside the attempt that received it, so the attempt timeout, the retries
/// and the overall budget all cover the body too: a body trickled slowly is a timed-out attempt, not a success.
/// The body then becomes a <see cref="BytesContent"/>, whose bytes the retry rule and the client read in place.
/// </summary>
internal static class ResponseBuffer
{
    /// <summary>Tiki's answers are a few hundred bytes; anything far larger is not Tiki and is not read whole.</summary>
    public const int MaxSize = 1024 * 1024;

    /// <summary>The body of a response this class has loaded; empty when it has none.</summary>
    public static byte[] BytesOf(HttpResponseMessage response) => response.Content is BytesContent buffered ? buffered.Bytes : [];

    public static async Task LoadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is not { } content || content is BytesContent)
        {
            return; // .NET Framework leaves Content null for an empty body
        }

        var length = content.Headers.ContentLength;
        if (length > MaxSize)
        {
            throw new ResponseTooLargeException(response.StatusCode);
        }

        byte[] bytes;
        try
        {
            // The stream is the content's: disposing the content (below, or the response on failure) closes it.
#if NET
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            bytes = await ReadAsync(stream, length, response, cancellationToken).ConfigureAwait(false);
#else
            // No cancellable read of the content stream here: disposing the response aborts the read instead.
            using (cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
            {
                var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
                bytes = await ReadAsync(stream, length, response, cancellationToken).ConfigureAwait(false);
            }
#endif
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not ResponseTooLargeException)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        // The body and its type are all the SDK reads of an answer; copying every content header cost more.
        var buffered = new BytesContent(bytes);
        buffered.Headers.ContentType = content.Headers.ContentType;
        response.Content = buffered;
        content.Dispose();
    }

    private static async Task<byte[]> ReadAsync(Stream stream, long? length, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // With a Content-Length the handler's stream ends there, so the exact array is filled; without, it grows to the limit.
        var buffer = new byte[length ?? 1024];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (length is not null)
                {
                    return buffer;
                }

                if (buffer.Length > MaxSize)
                {
                    throw new ResponseTooLargeException(response.StatusCode);
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxSize + 1));
            }

#if NET
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
#else
            var read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellationToken).ConfigureAwait(false);
#endif
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > MaxSize)
        {
            throw new ResponseTooLargeException(response.StatusCode);
        }

        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return buffer;
    }
}
