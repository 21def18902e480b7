using System.Net;

namespace TikiVip.Sdk;

/// <summary>
/// A call to Tiki VIP failed: Tiki answered with an error (in any of its envelope revisions), answered
/// something that could not be understood, or could not be reached within the retry budget.
/// </summary>
public sealed class TikiVipApiException : Exception
{
    /// <summary>Creates the exception. Partners normally only catch it; the constructor exists for fakes in tests.</summary>
    /// <param name="operation">The operation that failed.</param>
    /// <param name="detail">What went wrong, in a sentence; becomes part of <see cref="Exception.Message"/>.</param>
    /// <param name="statusCode">The HTTP status of the last response, if one arrived.</param>
    /// <param name="code">Tiki's result code, if the response carried one.</param>
    /// <param name="tikiMessage">Tiki's message, if the response carried one.</param>
    /// <param name="isTransient">Whether the same call may succeed later.</param>
    /// <param name="recommendedAction">What Tiki recommends doing.</param>
    /// <param name="innerException">The underlying failure (network, timeout), if any.</param>
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
        Detail = detail;
        StatusCode = statusCode;
        Code = code;
        TikiMessage = tikiMessage;
        IsTransient = isTransient;
        RecommendedAction = recommendedAction;
    }

    /// <summary>
    /// The exception the client throws when Tiki answers <paramref name="operation"/> with result code
    /// <paramref name="code"/>: the same transiency and recommended action. For fakes and tests of error handling.
    /// </summary>
    /// <param name="operation">The operation Tiki answered.</param>
    /// <param name="code">Tiki's result code, not 0 (see <see cref="TikiVipResultCode"/>).</param>
    /// <param name="tikiMessage">Tiki's message, if any.</param>
    /// <returns>The exception, not thrown.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is 0, which means success.</exception>
    public static TikiVipApiException FromResultCode(TikiVipOperation operation, int code, string? tikiMessage = null)
    {
        if (code == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Code 0 means success, not an error.");
        }

        return Json.TikiVipResponse.Failure(operation, HttpStatusCode.OK, code, tikiMessage);
    }

    /// <summary>The operation that failed.</summary>
    public TikiVipOperation Operation { get; }

    private string Detail { get; }

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

    /// <summary>
    /// Whether an earlier attempt of the same call failed transiently (timeout, network, 5xx, code 2) before Tiki
    /// gave this definitive answer. That earlier attempt may have reached Tiki and been recorded, so for an IPN this
    /// answer alone does not prove the customer must be refunded: confirm with
    /// <see cref="ITikiVipClient.GetTransactionAsync"/> (<see cref="ITikiVipClient.DeliverIpnAsync"/> does).
    /// </summary>
    public bool FollowsTransientFailure { get; init; }

    /// <summary>The same failure, marked as following a transient failure of an earlier attempt.</summary>
    internal TikiVipApiException AfterTransientFailure() =>
        new(Operation, Detail, StatusCode, Code, TikiMessage, IsTransient, RecommendedAction, InnerException ?? this) { FollowsTransientFailure = true };

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
