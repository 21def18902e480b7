namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// A failure as the outbox records it: words for a person, and Tiki's HTTP status, code and recommended action in
/// columns of their own, so that nothing downstream parses the words.
/// </summary>
internal sealed record OutboxFailure(string Text, int? HttpStatus, int? Code, TikiVipRecommendedAction Action)
{
    public static OutboxFailure Of(TikiVipApiException ex, string? prefix = null, string? suffix = null) =>
        new(prefix + Describe(ex) + suffix, ex.StatusCode is { } status ? (int)status : null, ex.Code, ex.RecommendedAction);

    /// <summary>An IPN failure confirmed or left open by the lookup, with both answers in the words.</summary>
    public static OutboxFailure WithLookup(TikiVipApiException ipn, TikiVipApiException lookup, TikiVipRecommendedAction action, string? note = null) =>
        new($"{Describe(ipn)}{note}; lookup: {Describe(lookup)}", ipn.StatusCode is { } status ? (int)status : null, ipn.Code, action);

    public static string Describe(TikiVipApiException ex) =>
        $"{(ex.StatusCode is { } s ? $"HTTP {(int)s} " : "")}{(ex.ResultCode is { } c ? $"code {(int)c} {c} " : ex.Code is { } n ? $"code {n} " : "")}" +
        $"{(ex.TikiMessage is { } m ? $"\"{m}\" " : "")}action {ex.RecommendedAction}{(ex.StatusCode is null && ex.Code is null ? $" ({ex.Message})" : "")}";
}
