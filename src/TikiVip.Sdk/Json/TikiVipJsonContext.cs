using System.Text.Json.Serialization;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Json;

/// <summary>Source-generated (reflection-free, trim-safe) serialization of every body the SDK writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebviewBody))]
internal sealed partial class TikiVipJsonContext : JsonSerializerContext
{
    /// <summary>The context every request body is written with: compact, and escaped as JSON.stringify escapes.</summary>
    public static TikiVipJsonContext Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = JsonStringifyEncoder.Instance,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
