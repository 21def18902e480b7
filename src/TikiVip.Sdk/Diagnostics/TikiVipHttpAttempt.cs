namespace TikiVip.Sdk.Diagnostics;

/// <summary>One HTTP attempt of a call to Tiki, as <see cref="TikiVipAttemptLog"/> recorded it.</summary>
public sealed class TikiVipHttpAttempt
{
    /// <summary>The operation the attempt belongs to.</summary>
    public TikiVipOperation Operation { get; init; }

    /// <summary>Its place in the call: 1 for the first try, 2 for the first retry, and so on.</summary>
    public int Number { get; init; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>How long it took, up to its answer or its failure.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The HTTP status of Tiki's answer, or <see langword="null"/> when none arrived.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Whether Tiki answered with its system error (HTTP 200, code 2), which the client retries.</summary>
    public bool SystemError { get; init; }

    /// <summary>Why no answer arrived (<c>timed out</c>, <c>network error: ...</c>, <c>cancelled</c>), or <see langword="null"/>.</summary>
    public string? Error { get; init; }
}
