using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>
/// The outbox's state machine, row by row as docs/guide.md's table states it, as pure decisions: no database, no
/// clock, no Tiki.
/// </summary>
public sealed class OutboxDecisionTests
{
    private static readonly DateTimeOffset Queued = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly TikiVipApiException Unreachable = FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn);
    private static readonly TikiVipApiException LookupUnreachable = FakeTikiVipClient.Unreachable(TikiVipOperation.GetTransaction);
    private static readonly TikiVipApiException NotFound = TikiVipApiException.FromResultCode(TikiVipOperation.SubmitIpn, (int)TikiVipResultCode.TransactionNotFound, "no such transaction");
    private static readonly TikiVipApiException LookupNotFound = TikiVipApiException.FromResultCode(TikiVipOperation.GetTransaction, (int)TikiVipResultCode.TransactionNotFound, "no such transaction");

    private static IpnOutboxEntry Entry(DateTimeOffset? requeued = null, DateTimeOffset? pendingSince = null) => new()
    {
        Id = 1, TikiTransactionId = "T-1", TransactionId = "P-1", Amount = 1000, Status = TikiVipTransactionStatus.Success, State = IpnOutboxState.Pending,
        CreatedAt = Queued, UpdatedAt = Queued, RequeuedAt = requeued, PendingAtTikiSince = pendingSince,
    };

    private static OutboxPolicy At(TimeSpan sinceQueued, double jitter = 0) =>
        new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromHours(72), TimeSpan.FromHours(24), Queued + sinceQueued, jitter);

    [Fact]
    public void Accepted_is_delivered()
    {
        var next = OutboxDecision.AfterSubmit(Entry(), 1, null, null, At(TimeSpan.Zero));

        Assert.Equal((IpnOutboxState.Delivered, OutboxEvent.Delivered, true), (next.State, next.Event, next.TikiAnswered));
    }

    [Fact]
    public void A_refusal_with_no_lost_attempt_goes_to_a_person_at_once_with_tikis_advice()
    {
        Assert.False(OutboxDecision.NeedsLookup(NotFound, round: 1, maxAttempts: 5));

        var next = OutboxDecision.AfterSubmit(Entry(), 1, NotFound, null, At(TimeSpan.Zero));

        Assert.Equal((IpnOutboxState.Failed, OutboxEvent.Rejected, TikiVipRecommendedAction.RefundCustomer), (next.State, next.Event, next.Failure!.Action));
        Assert.True(next.TikiAnswered);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(5, 160)]
    [InlineData(6, 300)] // capped
    [InlineData(400, 300)] // however many rounds
    public void Not_reaching_tiki_waits_for_the_next_round_with_a_doubled_backoff_at_most_the_cap(int round, int seconds)
    {
        var next = OutboxDecision.AfterSubmit(Entry(), round, Unreachable, null, At(TimeSpan.FromHours(1)));

        Assert.Equal((IpnOutboxState.Pending, OutboxEvent.WillRetry, false), (next.State, next.Event, next.TikiAnswered));
        Assert.Equal(TimeSpan.FromSeconds(seconds), next.RetryIn);
        Assert.NotNull(next.Problem);
    }

    [Fact]
    public void Jitter_takes_at_most_a_fifth_off_and_never_exceeds_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(240), OutboxDecision.Backoff(30, At(TimeSpan.Zero), jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(8), OutboxDecision.Backoff(1, At(TimeSpan.Zero), jitter: 1));
        Assert.Equal(TimeSpan.FromMinutes(5), OutboxDecision.Backoff(30, At(TimeSpan.Zero), jitter: 0));
    }

    [Fact]
    public void From_the_last_round_on_a_failure_to_reach_tiki_is_looked_up_and_a_lookup_that_cannot_reach_it_only_delays()
    {
        Assert.False(OutboxDecision.NeedsLookup(Unreachable, round: 4, maxAttempts: 5));
        Assert.True(OutboxDecision.NeedsLookup(Unreachable, round: 5, maxAttempts: 5));
        Assert.True(OutboxDecision.NeedsLookup(NotFound, round: 2, maxAttempts: 5)); // refused after a lost round

        var next = OutboxDecision.AfterSubmit(Entry(), 9, Unreachable, IpnDeliveryResult.Unknown(Unreachable, LookupUnreachable), At(TimeSpan.FromHours(10)));

        Assert.Equal((IpnOutboxState.Pending, OutboxEvent.WillRetry, false), (next.State, next.Event, next.TikiAnswered));
        Assert.Contains("lookup:", next.Failure!.Text);
    }

    [Fact]
    public void The_lookup_decides_an_unknown_ipn_recorded_pending_or_refused_for_good()
    {
        var recorded = OutboxDecision.AfterSubmit(Entry(), 5, Unreachable,
            IpnDeliveryResult.RecordedByTiki(Unreachable, new TikiTransaction("T-1", "P-1", TikiVipTransactionStatus.Success, 1000)), At(TimeSpan.Zero));
        var pending = OutboxDecision.AfterSubmit(Entry(), 5, Unreachable,
            IpnDeliveryResult.PendingAtTiki(Unreachable, new TikiTransaction("T-1", "P-1", TikiVipTransactionStatus.Pending, 1000)), At(TimeSpan.Zero));
        var refused = OutboxDecision.AfterSubmit(Entry(), 2, NotFound, IpnDeliveryResult.Rejected(NotFound, LookupNotFound), At(TimeSpan.Zero));
        var credentials = OutboxDecision.AfterSubmit(Entry(), 5, Unreachable,
            IpnDeliveryResult.Unknown(Unreachable, TikiVipApiException.FromResultCode(TikiVipOperation.GetTransaction, (int)TikiVipResultCode.InvalidRequest, "invalid request")), At(TimeSpan.Zero));

        Assert.Equal((IpnOutboxState.ConfirmedByLookup, TikiVipTransactionStatus.Success), (recorded.State, recorded.TikiStatus!.Value));
        Assert.Equal((IpnOutboxState.Pending, OutboxEvent.PendingAtTiki, TikiVipTransactionStatus.Pending), (pending.State, pending.Event, pending.TikiStatus!.Value));
        Assert.Equal((IpnOutboxState.Failed, OutboxEvent.Rejected), (refused.State, refused.Event));
        Assert.Equal((IpnOutboxState.Failed, OutboxEvent.Failed, true), (credentials.State, credentials.Event, credentials.TikiAnswered));
    }

    [Fact]
    public void Past_the_delivery_horizon_since_queued_or_requeued_a_failure_to_reach_tiki_goes_to_a_person()
    {
        var past = OutboxDecision.AfterSubmit(Entry(), 800, Unreachable, null, At(TimeSpan.FromHours(72)));
        var requeued = OutboxDecision.AfterSubmit(Entry(requeued: Queued + TimeSpan.FromHours(71)), 1, Unreachable, null, At(TimeSpan.FromHours(72)));

        Assert.Equal((IpnOutboxState.Failed, OutboxEvent.PastDeliveryHorizon), (past.State, past.Event));
        Assert.StartsWith("Tiki could not be reached for 3.00:00:00 since the IPN was queued (2026-12-05 01:00:00Z)", past.Failure!.Text, StringComparison.Ordinal);
        Assert.Equal(IpnOutboxState.Pending, requeued.State); // the horizon counts from the requeue
    }

    [Fact]
    public void A_pending_transaction_is_looked_up_until_tiki_decides_or_the_pending_horizon_passes()
    {
        var since = Queued;
        var decided = OutboxDecision.AfterLookAgain(Entry(pendingSince: since), 7, new TikiTransaction("T-1", "P-1", TikiVipTransactionStatus.Failure, 1000), null, At(TimeSpan.FromHours(1)));
        var still = OutboxDecision.AfterLookAgain(Entry(pendingSince: since), 7, new TikiTransaction("T-1", "P-1", TikiVipTransactionStatus.Pending, 1000), null, At(TimeSpan.FromHours(1)));
        var unreachable = OutboxDecision.AfterLookAgain(Entry(pendingSince: since), 7, null, LookupUnreachable, At(TimeSpan.FromHours(1)));
        var tooLong = OutboxDecision.AfterLookAgain(Entry(pendingSince: since), 7, new TikiTransaction("T-1", "P-1", TikiVipTransactionStatus.Pending, 1000), null, At(TimeSpan.FromHours(24)));

        Assert.Equal((IpnOutboxState.ConfirmedByLookup, TikiVipTransactionStatus.Failure), (decided.State, decided.TikiStatus!.Value));
        Assert.Equal((IpnOutboxState.Pending, OutboxEvent.PendingAtTiki, true), (still.State, still.Event, still.TikiAnswered));
        Assert.Equal((IpnOutboxState.Pending, false), (unreachable.State, unreachable.TikiAnswered));
        Assert.Equal((IpnOutboxState.Failed, OutboxEvent.StillPending), (tooLong.State, tooLong.Event));
    }
}
