namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>
/// The browser tests' partner application with a sale day's volume behind it: 100,000 IPNs in the outbox (each with
/// its call to Tiki, a thousand failed) and 100,000 refund deliveries, seeded in PostgreSQL by SQL, then analysed.
/// </summary>
public sealed class VolumeSite : IAsyncLifetime
{
    public const int Rows = 100_000;

    public OperationsSite Site { get; } = new();

    public static string TikiId(int i) => $"T-VOL-{i:D6}";

    public static string PartnerId(int i) => $"P-VOL-{i:D6}";

    public static string RequestId(int i) => $"rq-vol-{i:D6}";

    public async Task InitializeAsync()
    {
        await Site.InitializeAsync();
        if (BrowserFactAttribute.MissingReason is not null)
        {
            return;
        }

        // Settled entries only (delivered, confirmed by lookup, failed): the delivery service has nothing to send.
        await Site.Schema.ExecuteAsync($"""
            INSERT INTO {"{schema}"}.ipn_outbox (tiki_transaction_id, transaction_id, amount, status, state, attempts, next_attempt_at, created_at, updated_at, completed_at,
                                                 tiki_status, last_error, last_http_status, recommended_action)
            SELECT 'T-VOL-' || lpad(i::text, 6, '0'), 'P-VOL-' || lpad(i::text, 6, '0'), 10000 + i, 'SUCCESS',
                   CASE WHEN i % 100 = 0 THEN 3 WHEN i % 50 = 0 THEN 2 ELSE 1 END, 1,
                   at, at, at + interval '1 second', at + interval '1 second',
                   CASE WHEN i % 50 = 0 AND i % 100 <> 0 THEN 'SUCCESS' END,
                   CASE WHEN i % 100 = 0 THEN 'HTTP 503 "injected" action Retry; lookup: HTTP 503 action Retry' END,
                   CASE WHEN i % 100 = 0 THEN 503 END,
                   CASE WHEN i % 100 = 0 THEN 1 END
              FROM generate_series(1, {Rows}) AS i, LATERAL (SELECT now() - ({Rows} - i) * interval '5 seconds' AS at) AS t;
            INSERT INTO {"{schema}"}.ipn_outbox_attempts (outbox_id, round, kind, at, duration_ms, instance, succeeded, http_status, tiki_code, result)
            SELECT id, 1, 0, created_at, 40, 'vm/1/seeded', state <> 3, CASE WHEN state = 3 THEN 503 ELSE 200 END, NULL,
                   CASE WHEN state = 3 THEN 'HTTP 503 "injected" action Retry' ELSE 'Tiki accepted the IPN' END
              FROM {"{schema}"}.ipn_outbox;
            INSERT INTO {"{schema}"}.refund_history (request_id, tiki_transaction_id, amount, outcome, detail, at)
            SELECT 'rq-vol-' || lpad(i::text, 6, '0'), 'T-VOL-' || lpad(i::text, 6, '0'), 1000 + i, CASE WHEN i % 100 = 0 THEN 5 ELSE 1 END,
                   CASE WHEN i % 100 = 0 THEN 'handler declined' END, now() - ({Rows} - i) * interval '5 seconds'
              FROM generate_series(1, {Rows}) AS i;
            INSERT INTO {"{schema}"}.refund_requests (request_id, fingerprint, state, claim_token, lease_until, claimed_at, completed_at, tiki_transaction_id, refund_amount)
            SELECT 'rq-vol-' || lpad(i::text, 6, '0'), md5(i::text), 2, gen_random_uuid(), now(), now(), now(), 'T-VOL-' || lpad(i::text, 6, '0'), 1000 + i
              FROM generate_series(1, {Rows}) AS i;
            ANALYZE {"{schema}"}.ipn_outbox; ANALYZE {"{schema}"}.ipn_outbox_attempts; ANALYZE {"{schema}"}.refund_history; ANALYZE {"{schema}"}.refund_requests;
            """);
    }

    public Task DisposeAsync() => Site.DisposeAsync();
}
