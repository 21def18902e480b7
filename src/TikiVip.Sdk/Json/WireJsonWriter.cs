using System.Text.Json;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Json;

/// <summary>
/// Writes a request body with <see cref="JsonStringifyEncoder"/> through a writer and buffer reused per thread.
/// By hand rather than source-generated: System.Text.Json leaves its generated fast path for any custom encoder,
/// and the reflective path costs more than the rest of a call's preparation.
/// </summary>
internal static class WireJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JsonStringifyEncoder.Instance, SkipValidation = true };

    [ThreadStatic]
    private static Cache? t_cache;

    /// <summary>A property name as the writer expects it, encoded once.</summary>
    public static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, JsonStringifyEncoder.Instance);

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var cache = t_cache ??= new Cache();
        cache.Buffer.SetLength(0);
        cache.Writer.Reset(cache.Buffer); // also after a write that failed half-way
        write(cache.Writer, state);
        cache.Writer.Flush();
        var bytes = cache.Buffer.ToArray();
        if (cache.Buffer.Capacity > 16 * 1024)
        {
            t_cache = null; // an outsized body's buffer does not stay with the thread
        }

        return bytes;
    }

    private sealed class Cache
    {
        public MemoryStream Buffer { get; } = new(512);

        public Utf8JsonWriter Writer { get; }

        public Cache() => Writer = new Utf8JsonWriter(Buffer, Options);
    }
}
