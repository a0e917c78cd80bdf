using Npgsql;

namespace Linktor.Storage.Media;

/// <summary>
/// The durable queue of inbound attachments to copy into the media store, shared by every silo: queued once per
/// message, claimed with <c>SKIP LOCKED</c> and a lease (a crashed copier's claims fall due again when it ends).
/// </summary>
public sealed class MediaCopyQueue(NpgsqlDataSource dataSource)
{
    /// <summary>Queues the copies of these messages' attachments, due at once; a message already queued is not queued again.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<(Guid TenantId, Guid MessageId, DateTimeOffset CreatedAt)> copies, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO media_copies (message_id, tenant_id, status, created_at, next_attempt_at)
            SELECT c.message_id, c.tenant_id, 'pending', c.created_at, c.created_at
            FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS c (tenant_id, message_id, created_at)
            ON CONFLICT (message_id) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = copies.Select(c => c.TenantId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = copies.Select(c => c.MessageId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = copies.Select(c => c.CreatedAt).ToArray() });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Claims up to <paramref name="limit"/> due copies, oldest due first; each is not due again before <paramref name="leaseUntil"/>.</summary>
    public async Task<IReadOnlyList<DueMediaCopy>> ClaimDueAsync(int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE media_copies m SET next_attempt_at = $3
            FROM (SELECT message_id FROM media_copies
                  WHERE status = 'pending' AND next_attempt_at <= $2
                  ORDER BY next_attempt_at LIMIT $1
                  FOR UPDATE SKIP LOCKED) due
            WHERE m.message_id = due.message_id
            RETURNING m.tenant_id, m.message_id, m.attempt_count, m.created_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = leaseUntil });
        var due = new List<DueMediaCopy>(limit);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            due.Add(new DueMediaCopy(r.GetGuid(0), r.GetGuid(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3)));
        }

        return due;
    }

    /// <summary>
    /// Records an attempt: finished (<paramref name="retryAt"/> null: copied, or failed for good with <paramref name="error"/>)
    /// or to be tried again at <paramref name="retryAt"/>.
    /// </summary>
    public async Task RecordAsync(Guid messageId, bool copied, string? error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE media_copies SET attempt_count = attempt_count + 1, error = $3,
                   status = CASE WHEN $2 THEN 'copied' WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                   next_attempt_at = CASE WHEN $2 THEN NULL ELSE $4 END,
                   finished_at = CASE WHEN $2 OR $4::timestamptz IS NULL THEN $5 END
            WHERE message_id = $1 AND status = 'pending'
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = messageId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = copied });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = error });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = retryAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Deletes finished copies recorded before <paramref name="before"/> (the copies themselves stay in the media store).</summary>
    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM media_copies WHERE status <> 'pending' AND finished_at < $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = before });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
