using Npgsql;

namespace Linktor.Storage.Retention;

/// <summary>
/// Tenants' retention settings (columns of <c>tenants</c>) and the deletions the daily sweep makes with them, one
/// short batch per call (see <see cref="MessageDeletion"/> for why a batch never holds up a send).
/// </summary>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    // "linktor retention" as a 64-bit key: fixed, so every node contends for the same lock.
    private const long SweepLock = 0x4c6b_7452_6574_6e31;

    // One conversation per statement (that of the oldest message past the cutoff), oldest seqs first: see MessageDeletion.
    private static readonly string DeleteOlderSql = MessageDeletion.Sql("""
        SELECT id FROM messages
         WHERE tenant_id = $1 AND created_at < $2
           AND conversation_id = (SELECT conversation_id FROM messages WHERE tenant_id = $1 AND created_at < $2 ORDER BY created_at LIMIT 1)
         ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED
        """);

    private static readonly string DeleteMediaSql = $"""
        WITH doomed AS (
            SELECT id FROM messages WHERE tenant_id = $1 AND created_at < $2 AND content ? 'media' AND media_deleted_at IS NULL
             ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED
        ), files AS (
            {MessageDeletion.QueueFilesSql("messages")} AND g.tenant_id = $1 AND g.id IN (SELECT id FROM doomed)
        )
        UPDATE messages m SET media_deleted_at = $4 FROM doomed d WHERE m.tenant_id = $1 AND m.id = d.id
        """;

    /// <summary>The tenant's policy; null when there is no such tenant.</summary>
    public async Task<RetentionPolicy?> GetAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT retention_messages_days, retention_media_days FROM tenants WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Read(r, 0) : null;
    }

    /// <summary>Sets the tenant's policy; false when there is no such tenant.</summary>
    public async Task<bool> SetAsync(Guid tenantId, RetentionPolicy policy, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE tenants SET retention_messages_days = $2, retention_media_days = $3 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = policy.MessagesDays });
        cmd.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = policy.MediaDays });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>The tenants whose policy deletes anything.</summary>
    public async Task<IReadOnlyList<TenantRetention>> ListLimitedAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, retention_messages_days, retention_media_days FROM tenants
             WHERE retention_messages_days IS NOT NULL OR retention_media_days IS NOT NULL ORDER BY id
            """);
        var tenants = new List<TenantRetention>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            tenants.Add(new TenantRetention(r.GetGuid(0), Read(r, 1)));
        }

        return tenants;
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the tenant's messages created before <paramref name="before"/>, of one
    /// conversation (the one with the oldest), oldest first. None deleted: nothing is left past the cutoff (or what is
    /// left is being written to right now, and waits for tomorrow).
    /// </summary>
    public async Task<DeletedMessages> DeleteMessagesAsync(Guid tenantId, DateTimeOffset before, int limit, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(DeleteOlderSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = before });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await MessageDeletion.RunAsync(cmd, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues for deletion the attachments of up to <paramref name="limit"/> of the tenant's messages created before
    /// <paramref name="before"/> (the messages stay, marked as having lost their attachment); answers how many.
    /// </summary>
    public async Task<int> DeleteMediaAsync(Guid tenantId, DateTimeOffset before, DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(DeleteMediaSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = before });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>When the sweep last finished (null: never).</summary>
    public async Task<DateTimeOffset?> LastSweepAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT finished_at FROM retention_sweeps WHERE name = 'daily'");
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public async Task RecordSweepAsync(DateTimeOffset finishedAt, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO retention_sweeps (name, finished_at) VALUES ('daily', $1)
            ON CONFLICT (name) DO UPDATE SET finished_at = excluded.finished_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = finishedAt });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="sweep"/> only if no other node runs one: the session-level advisory lock is held on a
    /// connection of its own for the sweep's length (no transaction stays open). False when another node holds it.
    /// </summary>
    public async Task<bool> RunAloneAsync(Func<CancellationToken, Task> sweep, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = SweepLock });
            if (await take.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                return false;
            }
        }

        try
        {
            await sweep(ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            release.Parameters.Add(new NpgsqlParameter { Value = SweepLock });
            await release.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static RetentionPolicy Read(NpgsqlDataReader r, int o) =>
        new(r.IsDBNull(o) ? null : r.GetInt32(o), r.IsDBNull(o + 1) ? null : r.GetInt32(o + 1));
}
