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
    /// One pending delivery per event and active endpoint of its tenant subscribed to it. Idempotent: an event already
    /// queued for an endpoint is not queued again. A conversation's events reach an endpoint in order: the first
    /// is due at once, the ones after it wait (no <c>next_attempt_at</c>) until the one before is finished. Returns
    /// how many were queued.
    /// </summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<WebhookEvent> events, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH e AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::uuid[]) WITH ORDINALITY
                    AS e (event_id, tenant_id, event, payload, created_at, conversation_id, ord)
            ), m AS (
                SELECT e.*, w.id AS webhook_id, row_number() OVER (PARTITION BY w.id, e.conversation_id ORDER BY e.ord) AS n
                FROM e JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.status = 'active' AND e.event = ANY (w.events)
                WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries x WHERE x.webhook_id = w.id AND x.event_id = e.event_id)
            )
            INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event, payload, status, created_at, next_attempt_at, conversation_id)
            SELECT gen_random_uuid(), m.tenant_id, m.webhook_id, m.event_id, m.event, m.payload, 'pending', m.created_at,
                   CASE WHEN m.conversation_id IS NULL THEN m.created_at
                        WHEN m.n = 1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                                                     WHERE p.webhook_id = m.webhook_id AND p.conversation_id = m.conversation_id
                                                       AND p.status = 'pending') THEN m.created_at
                   END,
                   m.conversation_id
            FROM m ORDER BY m.ord
            ON CONFLICT (webhook_id, event_id) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.EventId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.TenantId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Event).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Payload).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.CreatedAt).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.ConversationId).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes due the deliveries that wait behind nothing: the head of its endpoint and conversation whose predecessor
    /// finished while it was being queued (the two statements can pass each other). Looks at the newest waiting
    /// deliveries only, where such a one can be. Returns how many it made due.
    /// </summary>
    public async Task<int> ReleaseStrandedAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE webhook_deliveries d SET next_attempt_at = $1
            WHERE d.id IN (
                SELECT b.id FROM (SELECT id, webhook_id, conversation_id, sequence FROM webhook_deliveries
                                  WHERE status = 'pending' AND next_attempt_at IS NULL
                                  ORDER BY sequence DESC LIMIT 10000) b
                WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries a
                                  WHERE a.webhook_id = b.webhook_id AND a.conversation_id = b.conversation_id
                                    AND a.status = 'pending' AND a.sequence < b.sequence))
              AND d.status = 'pending' AND d.next_attempt_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
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
                RETURNING d.id, d.attempt_count, o.attempted_at, o.response_status, o.error, o.duration_ms,
                          d.webhook_id, d.conversation_id, d.status),
            logged AS (
                INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, response_status, error, duration_ms)
                SELECT id, attempt_count, attempted_at, response_status, error, duration_ms FROM moved RETURNING delivery_id),
            next AS (
                -- A finished delivery lets the next of its endpoint and conversation go.
                SELECT DISTINCT ON (w.webhook_id, w.conversation_id) w.id FROM webhook_deliveries w
                JOIN moved mv ON mv.webhook_id = w.webhook_id AND mv.conversation_id = w.conversation_id AND mv.status <> 'pending'
                WHERE w.status = 'pending' AND w.next_attempt_at IS NULL
                ORDER BY w.webhook_id, w.conversation_id, w.sequence),
            promoted AS (
                UPDATE webhook_deliveries p SET next_attempt_at = now() FROM next WHERE p.id = next.id)
            SELECT delivery_id FROM logged
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
