namespace TikiVip.Sdk.Http;

/// <summary>
/// A call's overall time budget (<see cref="TikiVipOptions.TotalTimeout"/>) joined with the caller's token, in as
/// few cancellation sources as the clock allows: one on the system clock, a timer of the clock plus a link otherwise.
/// </summary>
internal readonly struct CallBudget : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource? _linked;

    private CallBudget(CancellationTokenSource timer, CancellationTokenSource? linked)
    {
        _timer = timer;
        _linked = linked;
    }

    public CancellationToken Token => (_linked ?? _timer).Token;

    public static CallBudget Start(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(time, TimeProvider.System))
        {
            var source = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
            source.CancelAfter(timeout);
            return new CallBudget(source, null);
        }

#if NET
        var timer = new CancellationTokenSource(timeout, time);
#else
        var timer = time.CreateCancellationTokenSource(timeout);
#endif
        return new CallBudget(timer, cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token) : null);
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timer.Dispose();
    }
}
