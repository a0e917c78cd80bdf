using Npgsql;

namespace Linktor.Storage.Webhooks;

/// <summary>
/// The durable queue of outbound-webhook deliveries, shared by every silo: events go in as one delivery
/// per matching endpoint; workers claim due deliveries with <c>SKIP LOCKED</c> and a lease, so two
/// workers never send the same attempt, and a crashed worker's claims fall due again when the lease ends.
/// </summary>
public sealed class WebhookDeliveryQueue(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// One pending delivery per event and active endpoint of its tenant subscribed to it, due at once.
    /// Idempotent: an event already queued for an endpoint is not queued again. Returns how many were queued.
    /// </summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<WebhookEvent> events, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event, payload, status, created_at, next_attempt_at)
            SELECT gen_random_uuid(), e.tenant_id, w.id, e.event_id, e.event, e.payload, 'pending', e.created_at, e.created_at
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS e (event_id, tenant_id, event, payload, created_at)
            JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.status = 'active' AND e.event = ANY (w.events)
            ON CONFLICT (webhook_id, event_id) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.EventId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.TenantId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Event).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Payload).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.CreatedAt).ToArray() });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of active endpoints, oldest due first, but no more of one
    /// endpoint than <paramref name="perEndpoint"/> less what the caller already has <paramref name="inFlight"/> to
    /// it: a slow endpoint with a backlog cannot take every worker slot from the others. Each claimed delivery is not
    /// due again before <paramref name="leaseUntil"/>, by when its attempt must be recorded.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(
        int limit, int perEndpoint, IReadOnlyDictionary<Guid, int> inFlight, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        // The per-endpoint ranking looks at a bounded window of the oldest due deliveries (of endpoints with room),
        // so a claim stays cheap however long the queue is; the lock re-checks each row, so a row another worker
        // claimed meanwhile is skipped.
        await using var cmd = dataSource.CreateCommand("""
            UPDATE webhook_deliveries d SET next_attempt_at = $3
            FROM (SELECT c.id FROM webhook_deliveries c
                  WHERE c.id IN (SELECT ranked.id FROM (
                                     SELECT w.id, w.webhook_id, w.next_attempt_at,
                                            row_number() OVER (PARTITION BY w.webhook_id ORDER BY w.next_attempt_at) AS n
                                     FROM (SELECT q.id, q.webhook_id, q.next_attempt_at FROM webhook_deliveries q
                                           JOIN webhooks qw ON qw.id = q.webhook_id AND qw.status = 'active'
                                           WHERE q.status = 'pending' AND q.next_attempt_at <= $2 AND q.webhook_id <> ALL ($5)
                                           ORDER BY q.next_attempt_at LIMIT $6) w) ranked
                                 LEFT JOIN unnest($7::uuid[], $8::int[]) AS busy (webhook_id, in_flight) ON busy.webhook_id = ranked.webhook_id
                                 WHERE ranked.n <= $4 - coalesce(busy.in_flight, 0)
                                 ORDER BY ranked.next_attempt_at LIMIT $1)
                    AND c.status = 'pending' AND c.next_attempt_at <= $2
                  FOR UPDATE SKIP LOCKED) due, webhooks w
            WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.tenant_id, d.webhook_id, d.event_id, d.event, d.payload, d.attempt_count, d.created_at, w.url, w.secret
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = leaseUntil });
        cmd.Parameters.Add(new NpgsqlParameter { Value = perEndpoint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = inFlight.Where(e => e.Value >= perEndpoint).Select(e => e.Key).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Math.Max(limit * 20, 1000) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = inFlight.Keys.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = inFlight.Values.ToArray() });
        var due = new List<DueDelivery>(limit);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            due.Add(new DueDelivery(
                r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.GetString(5), r.GetInt32(6),
                r.GetFieldValue<DateTimeOffset>(7), r.GetString(8), r.GetString(9)));
        }

        return due;
    }

    /// <summary>
    /// Logs the attempts and moves their deliveries on, in one statement (one commit for many attempts). An attempt
    /// applies only if nobody recorded an attempt of its delivery since the claim (a worker that overran its lease must
    /// not overwrite a later attempt). Returns the deliveries whose attempt was recorded.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> RecordAttemptsAsync(IReadOnlyList<(DueDelivery Delivery, AttemptOutcome Outcome)> attempts, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH o AS (
                SELECT * FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::timestamptz[], $5::int[], $6::text[], $7::timestamptz[], $8::int[])
                    AS o (id, seen_attempts, succeeded, attempted_at, response_status, error, retry_at, duration_ms)),
            moved AS (
                UPDATE webhook_deliveries d SET
                    status = CASE WHEN o.succeeded THEN 'succeeded' WHEN o.retry_at IS NULL THEN 'failed' ELSE 'pending' END,
                    attempt_count = d.attempt_count + 1, response_status = o.response_status, error = o.error, last_attempt_at = o.attempted_at,
                    next_attempt_at = CASE WHEN o.succeeded THEN NULL ELSE o.retry_at END,
                    delivered_at = CASE WHEN o.succeeded THEN o.attempted_at ELSE d.delivered_at END
                FROM o WHERE d.id = o.id AND d.attempt_count = o.seen_attempts AND d.status = 'pending'
                RETURNING d.id, d.attempt_count, o.attempted_at, o.response_status, o.error, o.duration_ms)
            INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, response_status, error, duration_ms)
            SELECT * FROM moved RETURNING delivery_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Delivery.Id).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Delivery.AttemptCount).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Outcome.Succeeded).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Outcome.AttemptedAt).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Outcome.ResponseStatus).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Outcome.Error).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Outcome.RetryAt).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = attempts.Select(a => (int)Math.Min(int.MaxValue, Math.Round(a.Outcome.Duration.TotalMilliseconds))).ToArray(),
        });
        var recorded = new HashSet<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            recorded.Add(r.GetGuid(0));
        }

        return recorded;
    }

    /// <summary>Deletes finished deliveries (and their attempts) created before <paramref name="before"/>.</summary>
    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = before });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
