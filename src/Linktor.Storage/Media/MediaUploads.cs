using Npgsql;

namespace Linktor.Storage.Media;

/// <summary>
/// The ledger of uploads (<c>media_uploads</c>, <c>media_usage</c>): each tenant's usage against its quota, and which
/// uploads a message refers to. The row comes before the file (<see cref="ReserveAsync"/>), so a crash in between leaves
/// a row without a file, which the janitor collects like any unreferenced upload, never a file nobody accounts for.
/// </summary>
public sealed class MediaUploads(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records upload <paramref name="id"/> of <paramref name="size"/> bytes for <paramref name="tenantId"/> if the tenant's
    /// uploads stay within <paramref name="quota"/> and, for a visitor's (<paramref name="visitorPendingQuota"/> given),
    /// visitors' uploads no message uses yet stay within that; false (nothing recorded) when they would not. The tenant's
    /// usage row is locked by the update, so concurrent uploads on any node cannot together overshoot either.
    /// </summary>
    public async Task<bool> ReserveAsync(
        string id, Guid tenantId, long size, long quota, long? visitorPendingQuota, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH usage AS (
                INSERT INTO media_usage (tenant_id, bytes, visitor_pending_bytes)
                SELECT $2, $3, CASE WHEN $6 THEN $3 ELSE 0 END WHERE $3 <= $4 AND (NOT $6 OR $3 <= $7)
                ON CONFLICT (tenant_id) DO UPDATE SET bytes = media_usage.bytes + EXCLUDED.bytes,
                    visitor_pending_bytes = media_usage.visitor_pending_bytes + EXCLUDED.visitor_pending_bytes
                WHERE media_usage.bytes + EXCLUDED.bytes <= $4
                    AND (NOT $6 OR media_usage.visitor_pending_bytes + EXCLUDED.visitor_pending_bytes <= $7)
                RETURNING bytes)
            INSERT INTO media_uploads (id, tenant_id, size, created_at, visitor) SELECT $1, $2, $3, $5, $6 FROM usage
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = size });
        cmd.Parameters.Add(new NpgsqlParameter { Value = quota });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = visitorPendingQuota.HasValue });
        cmd.Parameters.Add(new NpgsqlParameter { Value = visitorPendingQuota ?? 0L });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes the ledger rows of the uploads <c>$1</c> (an array of ids) and gives their bytes back to their tenants.</summary>
    internal const string ReleaseManySql = """
        WITH gone AS (DELETE FROM media_uploads WHERE id = ANY($1) RETURNING tenant_id, size, visitor AND referenced_at IS NULL AS pending),
             freed AS (SELECT tenant_id, sum(size) AS bytes, coalesce(sum(size) FILTER (WHERE pending), 0) AS visitor_bytes
                       FROM gone GROUP BY tenant_id)
        UPDATE media_usage u SET bytes = u.bytes - freed.bytes, visitor_pending_bytes = u.visitor_pending_bytes - freed.visitor_bytes
        FROM freed WHERE u.tenant_id = freed.tenant_id
        """;

    /// <summary>Takes back a reservation whose file was not stored after all.</summary>
    public async Task ReleaseAsync(string id, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH gone AS (DELETE FROM media_uploads WHERE id = $1 RETURNING tenant_id, size, visitor AND referenced_at IS NULL AS pending)
            UPDATE media_usage u SET bytes = u.bytes - gone.size,
                visitor_pending_bytes = u.visitor_pending_bytes - CASE WHEN gone.pending THEN gone.size ELSE 0 END
            FROM gone WHERE u.tenant_id = gone.tenant_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the upload as taken up by a message, so that it is kept. False when the ledger has no such upload of that
    /// tenant: collected (or being collected: this waits for the collector's transaction), or uploaded before the ledger.
    /// </summary>
    public async Task<bool> MarkReferencedAsync(string id, Guid tenantId, DateTimeOffset now, CancellationToken ct = default)
    {
        // The first reference takes a visitor's upload out of the visitors' pending bytes. FOR UPDATE reads the row as the
        // last committed writer left it (a reference made meanwhile, a collector's delete), so it is counted out once.
        await using var cmd = dataSource.CreateCommand("""
            WITH old AS (
                SELECT id, referenced_at IS NULL AS first FROM media_uploads WHERE id = $1 AND tenant_id = $2 FOR UPDATE),
            marked AS (
                UPDATE media_uploads m SET referenced_at = COALESCE(m.referenced_at, $3) FROM old WHERE m.id = old.id
                RETURNING m.tenant_id, m.size, m.visitor, old.first),
            freed AS (
                UPDATE media_usage u SET visitor_pending_bytes = u.visitor_pending_bytes - marked.size
                FROM marked WHERE marked.visitor AND marked.first AND u.tenant_id = marked.tenant_id)
            SELECT count(*) FROM marked
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long found && found > 0;
    }

    /// <summary>The bytes <paramref name="tenantId"/>'s recorded uploads weigh.</summary>
    public async Task<long> UsageAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT bytes FROM media_usage WHERE tenant_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long bytes ? bytes : 0;
    }

    /// <summary>
    /// Collects up to <paramref name="limit"/> uploads no message referred to and made before <paramref name="before"/>:
    /// in one transaction, claims their rows (<c>SKIP LOCKED</c>: another node's collector takes others), has
    /// <paramref name="deleteFile"/> delete each file, then deletes the rows and gives their bytes back. A crash before the
    /// commit leaves the rows, and the next round deletes again what is already gone. Answers how many were collected.
    /// </summary>
    public async Task<int> CollectUnreferencedAsync(DateTimeOffset before, int limit, Func<string, CancellationToken, Task> deleteFile, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var ids = new List<string>(limit);
        await using (var claim = new NpgsqlCommand("""
            SELECT id FROM media_uploads WHERE referenced_at IS NULL AND created_at < $1
            ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
            """, connection, tx))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = before });
            claim.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var r = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(r.GetString(0));
            }
        }

        if (ids.Count == 0)
        {
            return 0;
        }

        foreach (var id in ids)
        {
            await deleteFile(id, ct).ConfigureAwait(false);
        }

        await using (var delete = new NpgsqlCommand(ReleaseManySql, connection, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ids.Count;
    }
}
