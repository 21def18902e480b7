namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// Wakes the delivery loop, coalesced: however many notifications arrive while the loop is busy, they complete
/// one wait. The loop re-arms it just before it looks for work, so nothing signalled after that look is missed.
/// One waiter (the loop), any number of signallers.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource<bool> _signalled = NewSource();
    private int _armed = 1;
    private int _waits;

    /// <summary>How many times the loop started to wait (tests step a fake clock by it).</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>Wakes the loop, unless it was woken already and has not looked for work since.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Volatile.Read(ref _signalled).TrySetResult(true);
        }
    }

    /// <summary>Called by the loop before it looks for work: later signals wake it again.</summary>
    public void Rearm()
    {
        if (Volatile.Read(ref _signalled).Task.IsCompleted)
        {
            Volatile.Write(ref _signalled, NewSource());
        }

        Volatile.Write(ref _armed, 1);
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/> on <paramref name="time"/>'s clock, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var signalled = Volatile.Read(ref _signalled).Task;
        if (signalled.IsCompleted)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timedOut = Task.Delay(timeout, time, stop.Token);
        Interlocked.Increment(ref _waits);
        await Task.WhenAny(signalled, timedOut).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource<bool> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
