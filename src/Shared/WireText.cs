namespace TikiVip.Sdk.Shared;

/// <summary>Checks on values before they are written into a signed body.</summary>
internal static class WireText
{
    /// <summary>JavaScript's Number.MAX_SAFE_INTEGER: larger whole numbers do not survive JSON.parse exactly.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>
    /// Refuses text with a lone UTF-16 surrogate: it has no UTF-8 form, and writing it would silently turn it into
    /// U+FFFD, so the bytes Tiki receives would not be the value the caller gave.
    /// </summary>
    public static string? ThrowIfInvalid(string? value, string paramName) =>
        value is not null && FindLoneSurrogate(value) is var index and >= 0
            ? throw new ArgumentException($"The value is not valid UTF-16: a lone surrogate at index {index}.", paramName)
            : value;

    /// <summary>The index of the first lone surrogate (text with no UTF-8 form), or -1. Shared as source with the reconciliation package.</summary>
    public static int FindLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
