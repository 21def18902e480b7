using System.Runtime.CompilerServices;

namespace System.Security.Cryptography;

/// <summary>The two .NET Core helpers the signing code relies on, for netstandard2.0.</summary>
internal static class CryptographicOperations
{
    /// <summary>Compares in time that depends only on the length, never on where the inputs differ.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        var difference = 0;
        for (var i = 0; i < left.Length; i++)
        {
            difference |= left[i] - right[i];
        }

        return difference == 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static void ZeroMemory(Span<byte> buffer) => buffer.Clear();
}
