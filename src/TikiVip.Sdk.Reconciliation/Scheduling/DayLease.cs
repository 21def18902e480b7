using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// Keeps a day's lease alive while an instance works on it and cancels the work when the lease is lost, so two
/// instances never write or upload the same day at once.
/// </summary>
internal sealed class DayLease : IAsyncDisposable
{
    private readonly IReconciliationRunStore _store;
    private readonly string _partner;
    private readonly DateOnly _date;
    private readonly string _owner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private DayLease(IReconciliationRunStore store, string partner, DateOnly date, string owner, TimeProvider time, TimeSpan duration, ILogger logger, CancellationToken cancellationToken)
    {
        _store = store;
        _partner = partner;
        _date = date;
        _owner = owner;
        _time = time;
        _duration = duration;
        _logger = logger;
        _work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewal = RenewAsync();
    }

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Token => _work.Token;

    // Set by the renewal loop, read by the work.
    private volatile bool _lost;

    public bool IsLost => _lost;

    public static async Task<(DayLease? Lease, ReconciliationRun? Run)> AcquireAsync(
        IReconciliationRunStore store, string partner, DateOnly date, string owner, TimeProvider time, TimeSpan duration, ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = await store.TryAcquireAsync(partner, date, owner, now, now + duration, cancellationToken).ConfigureAwait(false);
        return run is null ? (null, null) : (new DayLease(store, partner, date, owner, time, duration, logger, cancellationToken), run);
    }

    /// <summary>Records <paramref name="run"/>; a lost lease cancels the work rather than overwrite the new owner's record.</summary>
    public async Task SaveAsync(ReconciliationRun run)
    {
        if (!await _store.SaveAsync(run, _owner, _work.Token).ConfigureAwait(false))
        {
            Lose();
            _work.Token.ThrowIfCancellationRequested();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!IsLost)
        {
            try
            {
                await _store.ReleaseAsync(_partner, _date, _owner, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The lease then simply expires.
                ReconciliationJobLog.ReleaseFailed(_logger, _date, ex);
            }
        }

        _work.Dispose();
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(_duration / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    if (!await _store.RenewAsync(_partner, _date, _owner, _time.GetUtcNow() + _duration, _stop.Token).ConfigureAwait(false))
                    {
                        Lose();
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A store hiccup: the lease still runs for two more periods; the next tick tries again.
                    ReconciliationJobLog.RenewFailed(_logger, _date, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Lose()
    {
        if (!_lost)
        {
            _lost = true;
            ReconciliationJobLog.LeaseLost(_logger, _date);
            _work.Cancel();
        }
    }
}
