namespace TikiVip.Sdk.Reconciliation;

/// <summary>How the lines of a written file end. Reading accepts either.</summary>
public enum ReconciliationLineEnding
{
    /// <summary>Carriage return and line feed, as RFC 4180 says. The default.</summary>
    CrLf = 0,

    /// <summary>Line feed only.</summary>
    Lf = 1,
}
