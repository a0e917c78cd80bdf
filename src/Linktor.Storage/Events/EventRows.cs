using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Events;

/// <summary>
/// The outbox rows a statement writes beside its change: the SQL that inserts them from array parameters and the
/// parameters themselves, so every store writes events the same way (one multi-row insert, in the given order).
/// </summary>
internal static class EventRows
{
    /// <summary>How many parameters <see cref="Add"/> appends (the first is the key a statement filters by).</summary>
    public const int ParameterCount = 8;

    /// <summary>
    /// An <c>INSERT INTO events</c> taking its rows from the <see cref="ParameterCount"/> parameters starting at
    /// <c>$first</c>. <paramref name="filter"/> may join or restrict by <c>e.key</c> (the subject of each event, e.g.
    /// the message it announces), so an event is written only when its change was.
    /// </summary>
    public static string InsertSql(int first, string filter = "") => $"""
        INSERT INTO events (queue, id, tenant_id, name, conversation_id, created_at, data)
        SELECT e.queue, e.id, e.tenant_id, e.name, e.conversation_id, e.created_at, e.data
        FROM unnest(${first}::uuid[], ${first + 1}::smallint[], ${first + 2}::uuid[], ${first + 3}::uuid[], ${first + 4}::text[],
                    ${first + 5}::uuid[], ${first + 6}::timestamptz[], ${first + 7}::text[]) WITH ORDINALITY
             AS e (key, queue, id, tenant_id, name, conversation_id, created_at, data, ord)
        {filter}
        ORDER BY e.ord
        """;

    /// <summary>Appends the parameters of <paramref name="events"/>, each with its key (what <see cref="InsertSql"/> filters by).</summary>
    public static void Add(NpgsqlCommand cmd, IReadOnlyList<(Guid Key, NewEvent Event)> events, int queueCount)
    {
        var n = events.Count;
        var keys = new Guid[n];
        var queues = new short[n];
        var ids = new Guid[n];
        var tenants = new Guid[n];
        var names = new string[n];
        var conversations = new Guid?[n];
        var createdAts = new DateTimeOffset[n];
        var data = new string[n];
        for (var i = 0; i < n; i++)
        {
            var (key, e) = events[i];
            keys[i] = key;
            queues[i] = EventQueues.QueueOf(e.TenantId, queueCount);
            ids[i] = e.Id;
            tenants[i] = e.TenantId;
            names[i] = e.Name;
            conversations[i] = e.ConversationId;
            createdAts[i] = e.CreatedAt;
            data[i] = e.Data;
        }

        cmd.Parameters.Add(new NpgsqlParameter { Value = keys });
        cmd.Parameters.Add(new NpgsqlParameter { Value = queues });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenants });
        cmd.Parameters.Add(new NpgsqlParameter { Value = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = createdAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }
}
