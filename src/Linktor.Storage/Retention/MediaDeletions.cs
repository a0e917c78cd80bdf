using Linktor.Storage.Media;
using Npgsql;

namespace Linktor.Storage.Retention;

/// <summary>
/// Deletes the files <c>media_deletions</c> queues (by retention and erasure), then their rows and their uploads'
/// ledger rows (giving the bytes back to the tenant's quota). A crash before the commit leaves the rows, and the next
/// round deletes again what is already gone. An upload a kept message still names (one file sent twice) stays.
/// </summary>
public sealed class MediaDeletions(NpgsqlDataSource dataSource, IMediaStore media)
{
    /// <summary>Deletes up to <paramref name="limit"/> queued files of <paramref name="tenantId"/> (any tenant when null); answers how many.</summary>
    public async Task<int> DrainAsync(Guid? tenantId, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var rows = new List<(long Id, Guid TenantId, string? UploadId, Guid? MessageId, bool Shared)>();
        // The "still named" test reads the tenant's media messages: rare, and only for the batch's uploads.
        await using (var claim = new NpgsqlCommand("""
            SELECT d.id, d.tenant_id, d.upload_id, d.inbound_message_id,
                   d.upload_id IS NOT NULL AND EXISTS (
                       SELECT 1 FROM messages k
                        WHERE k.tenant_id = d.tenant_id AND k.content ? 'media' AND k.media_deleted_at IS NULL
                          AND k.content->'media'->>'url' LIKE '%/media/' || d.upload_id)
              FROM media_deletions d
             WHERE $1::uuid IS NULL OR d.tenant_id = $1
             ORDER BY d.id LIMIT $2 FOR UPDATE SKIP LOCKED
            """, connection, tx))
        {
            claim.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = tenantId });
            claim.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var r = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add((r.GetInt64(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetGuid(3), r.GetBoolean(4)));
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        var released = new List<string>();
        foreach (var row in rows)
        {
            if (row.UploadId is { } upload && !row.Shared)
            {
                await media.DeleteAsync(upload, ct).ConfigureAwait(false);
                released.Add(upload);
            }

            if (row.MessageId is { } message)
            {
                await media.DeleteInboundCopyAsync(row.TenantId, message, ct).ConfigureAwait(false);
            }
        }

        await using (var ledger = new NpgsqlCommand(MediaUploads.ReleaseManySql, connection, tx))
        {
            ledger.Parameters.Add(new NpgsqlParameter { Value = released.ToArray() });
            await ledger.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await using (var done = new NpgsqlCommand("DELETE FROM media_deletions WHERE id = ANY($1)", connection, tx))
        {
            done.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Id).ToArray() });
            await done.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>Drains every queued file of <paramref name="tenantId"/> (any tenant when null); answers how many.</summary>
    public Task<int> DrainAllAsync(Guid? tenantId, int batchSize, CancellationToken ct = default) =>
        Batches.RunAsync(() => DrainAsync(tenantId, batchSize, ct), batchSize);
}
