using Linktor.Contracts.Events;
using Linktor.Storage.Events;
using Npgsql;

namespace Linktor.Testing;

/// <summary>Writes rows into the events outbox as the application's writers do: a plain insert, in some transaction.</summary>
public static class EventRows
{
    /// <summary>
    /// A new event of <paramref name="tenantId"/> (the row's fields; its place is the database's to give), its time
    /// to the microsecond as PostgreSQL keeps it, so what is read back equals it.
    /// </summary>
    public static StoredEvent New(Guid tenantId, string data = "{}", DateTimeOffset? createdAt = null, string name = "test.event")
    {
        var at = createdAt ?? DateTimeOffset.UtcNow;
        return new(Guid.CreateVersion7(), tenantId, name, null, at.AddTicks(-(at.Ticks % 10)), data);
    }

    /// <summary>Inserts <paramref name="events"/> in one transaction of their own, committed; answers them with their places.</summary>
    public static async Task<IReadOnlyList<StoredEventRow>> InsertAsync(NpgsqlDataSource dataSource, short queue, params StoredEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var rows = await InsertAsync(connection, queue, events);
        await tx.CommitAsync();
        return rows;
    }

    /// <summary>Inserts <paramref name="events"/> on <paramref name="connection"/>, in whatever transaction it has open.</summary>
    public static async Task<IReadOnlyList<StoredEventRow>> InsertAsync(NpgsqlConnection connection, short queue, params StoredEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = new List<StoredEventRow>();
        foreach (var e in events)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO events (queue, id, tenant_id, name, conversation_id, created_at, data)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING txid, position
                """, connection);
            cmd.Parameters.Add(new NpgsqlParameter { Value = queue });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.TenantId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.Name });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)e.ConversationId ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.CreatedAt });
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.Data });
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            rows.Add(new StoredEventRow(new EventPosition(r.GetFieldValue<ulong>(0), r.GetInt64(1)), e));
        }

        return rows;
    }

    /// <summary>A random tenant id whose events go to <paramref name="queue"/> of <paramref name="queueCount"/>.</summary>
    public static Guid TenantOnQueue(short queue, int queueCount)
    {
        while (true)
        {
            var tenantId = Guid.NewGuid();
            if (EventQueues.QueueOf(tenantId, queueCount) == queue)
            {
                return tenantId;
            }
        }
    }

    /// <summary>The saved cursor of <paramref name="queue"/>, if any.</summary>
    public static Task<EventPosition?> CursorAsync(NpgsqlDataSource dataSource, short queue) =>
        new EventStore(dataSource).LoadCursorAsync(queue);
}
