using System.Diagnostics;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>The SDK's tracing and metrics, both named <c>TikiVip.Sdk</c>.</summary>
public static class TikiVipDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the meter (created through <c>IMeterFactory</c>).</summary>
    public const string Name = "TikiVip.Sdk";

    internal static readonly ActivitySource ActivitySource = new(Name);
}
