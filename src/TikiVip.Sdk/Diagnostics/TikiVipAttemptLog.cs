namespace TikiVip.Sdk.Diagnostics;

/// <summary>
/// Records every HTTP attempt <see cref="ITikiVipClient"/> makes on the current asynchronous flow while it is
/// open: a call that the client retried twice is three attempts, each with its own status. The IPN outbox uses it
/// so that an IPN's story shows each try, not only each call; a partner may use it the same way around its own
/// calls. Nothing is recorded where no log is open.
/// </summary>
/// <example>
/// <code>
/// using var log = TikiVipAttemptLog.Start();
/// await client.SubmitIpnAsync(ipn, cancellationToken);
/// foreach (var attempt in log.Attempts) { /* attempt.HttpStatus, attempt.Error, ... */ }
/// </code>
/// </example>
public sealed class TikiVipAttemptLog : IDisposable
{
    private static readonly AsyncLocal<TikiVipAttemptLog?> current = new();
    private readonly TikiVipAttemptLog? _outer;
    private readonly List<TikiVipHttpAttempt> _attempts = [];

    private TikiVipAttemptLog(TikiVipAttemptLog? outer) => _outer = outer;

    /// <summary>The log open on this flow, if any.</summary>
    internal static TikiVipAttemptLog? Current => current.Value;

    /// <summary>The attempts recorded so far, oldest first.</summary>
    public IReadOnlyList<TikiVipHttpAttempt> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.ToArray();
            }
        }
    }

    /// <summary>Opens a log on the current asynchronous flow (and the calls it awaits) until it is disposed.</summary>
    /// <returns>The log; dispose it to stop recording.</returns>
    public static TikiVipAttemptLog Start()
    {
        var log = new TikiVipAttemptLog(current.Value);
        current.Value = log;
        return log;
    }

    /// <summary>Forgets the attempts recorded so far (one log for several calls in turn).</summary>
    public void Clear()
    {
        lock (_attempts)
        {
            _attempts.Clear();
        }
    }

    /// <summary>Stops recording on this flow; a log opened around it records again.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(current.Value, this))
        {
            current.Value = _outer;
        }
    }

    internal void Add(TikiVipHttpAttempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
        }
    }
}
