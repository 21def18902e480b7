namespace TikiVip.Sdk;

/// <summary>
/// Tiki's wire names for <see cref="TikiVipTransactionStatus"/> (<c>SUCCESS</c>, <c>FAILURE</c>, <c>PENDING</c>):
/// the one place every package, file format and tool takes them from.
/// </summary>
public static class TikiVipTransactionStatusNames
{
    /// <summary>The wire name of <see cref="TikiVipTransactionStatus.Success"/>.</summary>
    public const string Success = "SUCCESS";

    /// <summary>The wire name of <see cref="TikiVipTransactionStatus.Failure"/>.</summary>
    public const string Failure = "FAILURE";

    /// <summary>The wire name of <see cref="TikiVipTransactionStatus.Pending"/>.</summary>
    public const string Pending = "PENDING";

    /// <summary>Returns Tiki's wire name of a status.</summary>
    /// <param name="status">A defined status.</param>
    /// <returns><c>SUCCESS</c>, <c>FAILURE</c> or <c>PENDING</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined value.</exception>
    public static string ToWireName(TikiVipTransactionStatus status) => status switch
    {
        TikiVipTransactionStatus.Success => Success,
        TikiVipTransactionStatus.Failure => Failure,
        TikiVipTransactionStatus.Pending => Pending,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown transaction status."),
    };

    /// <summary>Parses Tiki's wire name of a status, exactly as Tiki writes it (upper case).</summary>
    /// <param name="text">The text to parse; may be <see langword="null"/>.</param>
    /// <param name="status">The status, when the text is one of the wire names.</param>
    /// <returns>Whether <paramref name="text"/> is exactly <c>SUCCESS</c>, <c>FAILURE</c> or <c>PENDING</c>.</returns>
    public static bool TryParse(string? text, out TikiVipTransactionStatus status) => TryParse(text, ignoreCase: false, out status);

    /// <summary>Parses Tiki's wire name of a status.</summary>
    /// <param name="text">The text to parse; may be <see langword="null"/>.</param>
    /// <param name="ignoreCase">Whether <c>success</c> is accepted as well as <c>SUCCESS</c> (a tolerant reader of Tiki's answers).</param>
    /// <param name="status">The status, when the text is one of the wire names.</param>
    /// <returns>Whether <paramref name="text"/> names a status.</returns>
    public static bool TryParse(string? text, bool ignoreCase, out TikiVipTransactionStatus status)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        status = string.Equals(text, Success, comparison) ? TikiVipTransactionStatus.Success
            : string.Equals(text, Failure, comparison) ? TikiVipTransactionStatus.Failure
            : string.Equals(text, Pending, comparison) ? TikiVipTransactionStatus.Pending
            : 0;
        return status != 0;
    }
}
