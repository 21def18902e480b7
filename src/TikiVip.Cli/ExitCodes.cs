namespace TikiVip.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The remote side said no: an API error, a rejected refund, an invalid signature.</summary>
    public const int Rejected = 1;

    /// <summary>Usage or configuration error.</summary>
    public const int Usage = 2;
}
