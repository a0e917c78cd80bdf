using Linktor.Contracts.Messages;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Messages;

/// <summary>Reads the message log: for grains (activation, dedupe, outbox) and for the API (history).</summary>
public sealed class MessageReader(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The last seq, the inbound messages and those of them after <paramref name="lastReadSeq"/> (unread), the last
    /// message, and the list row's state version. The last seq is the greater of the log's and the list row's: retention
    /// and erasure delete messages (perhaps the newest), but a seq once taken is never taken again.
    /// </summary>
    public async Task<ConversationLog> LoadLogAsync(Guid tenantId, Guid conversationId, long lastReadSeq, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT greatest(s.last_seq, coalesce((SELECT last_seq FROM conversations WHERE tenant_id = $1 AND id = $2), 0)),
                   s.unread, s.last_inbound_at, s.inbound,
                   coalesce((SELECT state_version FROM conversations WHERE tenant_id = $1 AND id = $2), -1),
                   {MessageRows.Columns}
            FROM (SELECT coalesce(max(seq), 0) AS last_seq,
                         count(*) FILTER (WHERE direction = 'inbound')::int AS inbound,
                         count(*) FILTER (WHERE direction = 'inbound' AND seq > $3)::int AS unread,
                         max(created_at) FILTER (WHERE direction = 'inbound') AS last_inbound_at
                  FROM messages WHERE tenant_id = $1 AND conversation_id = $2) s
            LEFT JOIN messages m ON m.tenant_id = $1 AND m.conversation_id = $2 AND m.seq = s.last_seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lastReadSeq });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return new ConversationLog(r.GetInt64(0), r.GetInt32(1), MessageRows.Read(r, 5),
            r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetInt64(4), r.GetInt32(3));
    }

    public Task<MessageRecord?> GetAsync(Guid tenantId, Guid messageId, CancellationToken ct = default) =>
        SingleAsync("m.tenant_id = $1 AND m.id = $2", tenantId, messageId, ct);

    public Task<MessageRecord?> FindByIdempotencyKeyAsync(Guid tenantId, string key, CancellationToken ct = default) =>
        SingleAsync("m.tenant_id = $1 AND m.idempotency_key = $2", tenantId, key, ct);

    public Task<MessageRecord?> FindByExternalIdAsync(Guid tenantId, Guid channelId, string externalId, CancellationToken ct = default) =>
        SingleAsync("m.tenant_id = $1 AND m.channel_id = $2 AND m.external_id = $3", tenantId, channelId, ct, externalId);

    /// <summary>
    /// A page of a conversation in seq order: after <paramref name="afterSeq"/> going forward, else
    /// the newest before <paramref name="beforeSeq"/> (or the newest of all). Reads one extra row to
    /// tell whether more exist in that direction.
    /// </summary>
    public async Task<(IReadOnlyList<MessageRecord> Messages, bool More)> ListAsync(
        Guid tenantId, Guid conversationId, long? afterSeq, long? beforeSeq, int limit, CancellationToken ct = default)
    {
        var forward = afterSeq is not null;
        var sql = $"""
            SELECT {MessageRows.Columns} FROM messages m
            WHERE m.tenant_id = $1 AND m.conversation_id = $2
              AND ($3::bigint IS NULL OR m.seq > $3) AND ($4::bigint IS NULL OR m.seq < $4)
            ORDER BY m.seq {(forward ? "ASC" : "DESC")} LIMIT $5
            """;
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        cmd.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = afterSeq });
        cmd.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = beforeSeq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var rows = await ReadAllAsync(cmd, ct).ConfigureAwait(false);
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (!forward)
        {
            rows.Reverse();
        }

        return (rows, more);
    }

    /// <summary>
    /// Every status a message went through, oldest first, starting with the one it was stored with. Reports
    /// with the same time (providers often report in whole seconds) are in the order a message goes through them.
    /// </summary>
    public async Task<IReadOnlyList<StatusChange>> GetStatusHistoryAsync(MessageRecord message, CancellationToken ct = default)
    {
        // An outbound message starts queued, unless it was sent as it was stored (a private note; web chat, which has
        // no provider): those carry the time they were stored as their sent_at.
        var first = message.Direction == MessageDirection.Outbound && !message.Private && message.SentAt != message.CreatedAt
            ? MessageStatus.Queued
            : message.Direction == MessageDirection.Outbound ? MessageStatus.Sent : message.Status;
        var history = new List<StatusChange> { new(first, message.CreatedAt) };
        await using var cmd = dataSource.CreateCommand("""
            SELECT status, at, error_code, error_message FROM message_status_history
            WHERE message_id = $1 AND tenant_id = $2
            ORDER BY at, CASE status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 2 WHEN 'delivered' THEN 3 ELSE 4 END
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = message.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = message.TenantId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            history.Add(new StatusChange(
                DbNames.FromDb<MessageStatus>(r.GetString(0)),
                r.GetFieldValue<DateTimeOffset>(1),
                r.IsDBNull(2) ? null : new MessageError(r.GetString(2), r.IsDBNull(3) ? string.Empty : r.GetString(3))));
        }

        return history;
    }

    /// <summary>
    /// The durable outbound queue of a channel: queued outbound messages, oldest first, with their recipients and
    /// send marks. Ids in <paramref name="skip"/> (already in the caller's memory) are left out, so a caller holding
    /// a window of the queue reads only what it lacks.
    /// </summary>
    public async Task<IReadOnlyList<QueuedMessage>> ListQueuedAsync(
        Guid tenantId, Guid channelId, int limit, IReadOnlyCollection<Guid>? skip = null, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {MessageRows.Columns}, c.contact_address, m.sending_since, m.attempts FROM messages m
            JOIN conversations c ON c.id = m.conversation_id AND c.tenant_id = m.tenant_id
            WHERE m.tenant_id = $1 AND m.channel_id = $2
              AND m.status = 'queued' AND m.direction = 'outbound' AND NOT m.private
              AND m.id <> ALL ($4)
            ORDER BY m.created_at, m.id LIMIT $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = skip?.ToArray() ?? [] });
        var result = new List<QueuedMessage>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var o = MessageRows.ColumnCount;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(new QueuedMessage(MessageRows.Read(r)!, r.GetString(o))
            {
                SendingSince = r.IsDBNull(o + 1) ? null : r.GetFieldValue<DateTimeOffset>(o + 1),
                Attempts = r.GetInt32(o + 2),
            });
        }

        return result;
    }

    /// <summary>Channels that have queued outbound messages (to wake them after a restart).</summary>
    public async Task<IReadOnlyList<(Guid TenantId, Guid ChannelId)>> ListChannelsWithQueuedAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT DISTINCT tenant_id, channel_id FROM messages
            WHERE status = 'queued' AND direction = 'outbound' AND NOT private
            """);
        var result = new List<(Guid, Guid)>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add((r.GetGuid(0), r.GetGuid(1)));
        }

        return result;
    }

    private async Task<MessageRecord?> SingleAsync(string where, Guid tenantId, object arg, CancellationToken ct, object? arg2 = null)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {MessageRows.Columns} FROM messages m WHERE {where}");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        if (arg2 is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg2 });
        }

        var rows = await ReadAllAsync(cmd, ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<List<MessageRecord>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<MessageRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(MessageRows.Read(r)!);
        }

        return rows;
    }
}
