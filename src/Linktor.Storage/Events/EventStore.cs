using Linktor.Contracts.Events;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Events;

/// <summary>
/// The reading side of the events outbox: a queue's rows after a position, its durable cursor
/// (<c>event_cursors</c>), and the purge of delivered rows. Writers insert rows in their own transactions.
/// </summary>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows of <paramref name="queue"/> after <paramref name="after"/>, in
    /// <c>(txid, position)</c> order, from transactions older than every running one. Positions are taken at insert
    /// but transactions commit in any order, so a row with a lower position can appear after a higher one was read.
    /// Below the oldest running transaction (<c>pg_snapshot_xmin</c>) every transaction has ended, and any transaction
    /// still to commit has a txid at or above it, so it sorts after everything returned here: reading on from the
    /// last row returned can never skip a late commit.
    /// </summary>
    public async Task<IReadOnlyList<StoredEventRow>> ReadAfterAsync(short queue, EventPosition after, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var cmd = dataSource.CreateCommand("""
            SELECT txid, position, id, tenant_id, name, conversation_id, created_at, data
            FROM events
            WHERE queue = $1 AND (txid, position) > ($2, $3) AND txid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY txid, position
            LIMIT $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
        cmd.Parameters.Add(Xid8(after.Txid));
        cmd.Parameters.Add(new NpgsqlParameter { Value = after.Position });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<StoredEventRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new StoredEventRow(
                new EventPosition(r.GetFieldValue<ulong>(0), r.GetInt64(1)),
                new StoredEvent(
                    r.GetGuid(2), r.GetGuid(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetGuid(5),
                    r.GetFieldValue<DateTimeOffset>(6), r.GetString(7))));
        }

        return rows;
    }

    /// <summary>How far <paramref name="queue"/> has been delivered to every consumer; null before its first save.</summary>
    public async Task<EventPosition?> LoadCursorAsync(short queue, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT txid, position FROM event_cursors WHERE queue = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new EventPosition(r.GetFieldValue<ulong>(0), r.GetInt64(1)) : null;
    }

    /// <summary>
    /// Records that every row of <paramref name="queue"/> up to <paramref name="cursor"/> has been processed by every
    /// consumer. Never moves the cursor back: while a queue changes hands two agents may briefly both read it, and the
    /// slower one's (true, but older) progress must not undo the other's. Answers whether the cursor moved.
    /// </summary>
    public async Task<bool> SaveCursorAsync(short queue, EventPosition cursor, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO event_cursors (queue, txid, position, updated_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (queue) DO UPDATE SET txid = excluded.txid, position = excluded.position, updated_at = excluded.updated_at
            WHERE (event_cursors.txid, event_cursors.position) < (excluded.txid, excluded.position)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
        cmd.Parameters.Add(Xid8(cursor.Txid));
        cmd.Parameters.Add(new NpgsqlParameter { Value = cursor.Position });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> rows of <paramref name="queue"/> that are both delivered (at or before
    /// the durable cursor, read from <c>event_cursors</c> in the same statement, so nothing past it can go) and
    /// created before <paramref name="createdBefore"/>. Looks only at the queue's oldest <paramref name="limit"/>
    /// delivered rows, so one call stays cheap however large the backlog; rows are written in roughly
    /// <c>created_at</c> order, so the oldest are there. Answers how many it deleted: as many as the limit means
    /// there may be more.
    /// </summary>
    public async Task<int> PurgeDeliveredAsync(short queue, DateTimeOffset createdBefore, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // One range delete, bounded by the last of the queue's oldest `limit` delivered rows: the index scan stops
        // there (a join against the chunk would let the planner scan the whole queue to match it).
        await using var cmd = dataSource.CreateCommand("""
            DELETE FROM events e
            WHERE e.queue = $1 AND e.created_at < $2
              AND (e.txid, e.position) <= (
                  SELECT chunk.txid, chunk.position FROM (
                      SELECT x.txid, x.position FROM events x
                      WHERE x.queue = $1
                        AND (x.txid, x.position) <= (SELECT c.txid, c.position FROM event_cursors c WHERE c.queue = $1)
                      ORDER BY x.txid, x.position
                      LIMIT $3) chunk
                  ORDER BY chunk.txid DESC, chunk.position DESC
                  LIMIT 1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
        cmd.Parameters.Add(new NpgsqlParameter { Value = createdBefore });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static NpgsqlParameter Xid8(ulong txid) => new() { Value = txid, NpgsqlDbType = NpgsqlDbType.Xid8 };
}
