using System.Net;

namespace TikiVip.Sdk;

/// <summary>
/// A call to Tiki VIP failed: Tiki answered with an error (in any of its envelope revisions), answered
/// something that could not be understood, or could not be reached within the retry budget.
/// </summary>
public sealed class TikiVipApiException : Exception
{
    /// <summary>Creates the exception. Partners normally only catch it; the constructor exists for fakes in tests.</summary>
    public TikiVipApiException(
        TikiVipOperation operation,
        string detail,
        HttpStatusCode? statusCode = null,
        int? code = null,
        string? tikiMessage = null,
        bool isTransient = false,
        TikiVipRecommendedAction recommendedAction = TikiVipRecommendedAction.None,
        Exception? innerException = null)
        : base(FormatMessage(operation, detail, statusCode, code, tikiMessage, recommendedAction), innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        Code = code;
        TikiMessage = tikiMessage;
        IsTransient = isTransient;
        RecommendedAction = recommendedAction;
    }

    /// <summary>The operation that failed.</summary>
    public TikiVipOperation Operation { get; }

    /// <summary>The HTTP status of the last response, or <see langword="null"/> when none arrived (network failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Tiki's numeric result code, when the response carried one.</summary>
    public int? Code { get; }

    /// <summary><see cref="Code"/> as a documented code, or <see langword="null"/> when absent or undocumented.</summary>
    public TikiVipResultCode? ResultCode =>
        Code is { } code && Enum.IsDefined((TikiVipResultCode)code) ? (TikiVipResultCode)code : null;

    /// <summary>Tiki's own error message, when the response carried one.</summary>
    public string? TikiMessage { get; }

    /// <summary>Whether the same call may succeed later (network failure, timeout, 5xx, Tiki's "system error" on a lookup).</summary>
    public bool IsTransient { get; }

    /// <summary>What Tiki recommends doing about this failure.</summary>
    public TikiVipRecommendedAction RecommendedAction { get; }

    private static string FormatMessage(
        TikiVipOperation operation, string detail, HttpStatusCode? statusCode, int? code, string? tikiMessage, TikiVipRecommendedAction action)
    {
        var message = $"Tiki VIP {operation} failed: {detail}";
        if (statusCode is { } status)
        {
            message += $" HTTP {(int)status}.";
        }

        if (code is { } c)
        {
            message += Enum.IsDefined((TikiVipResultCode)c) ? $" Code {c} ({(TikiVipResultCode)c})." : $" Code {c}.";
        }

        if (!string.IsNullOrEmpty(tikiMessage))
        {
            message += $" Tiki said: \"{tikiMessage}\".";
        }

        if (action != TikiVipRecommendedAction.None)
        {
            message += $" Recommended action: {action}.";
        }

        return message;
    }
}
