using Linktor.Contracts.Conversations;
using Linktor.Storage.Analytics;
using Linktor.Storage.Events;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Conversations;

/// <summary>
/// The conversation list read model; written by conversation grains. One writer per column: the message log's
/// (last seq, last message, last activity) move only with each append in <see cref="Messages.MessageStore"/>, in the
/// append's transaction, so the row never lags or leads the log; the state's (status, assignee, labels, ...) and the
/// report milestones (<see cref="ConversationTimes"/>) are written here. The unread count is derived from one of
/// each: the appends' inbound count less the inbound messages the agents have read, which the state holds; and the
/// conversation's <c>updated_at</c> as read is the later of the state's and the last activity.
/// </summary>
public sealed class ConversationStore(NpgsqlDataSource dataSource, Microsoft.Extensions.Options.IOptions<EventStreamOptions> eventOptions)
{
    /// <summary>
    /// Writes the row from the grain's state at <paramref name="stateVersion"/> (insert on creation, with the log's
    /// columns as the grain has them then; after that only the state's columns), the resolution the state holds, if any (once: a repeated write of the same resolution is a
    /// no-op), and, in the same transaction, <paramref name="events"/> — only if the row was written from an older
    /// state, so an activation that repeats the write after a crash never announces a change twice. <c>readInbound</c>:
    /// how many of the conversation's inbound messages the agents have read (up to its read watermark).
    /// </summary>
    /// <remarks>The first-message milestones are kept once set: the row may hold them from before the grain did.</remarks>
    public async Task UpsertAsync(
        ConversationRecord c, string contactAddress, ConversationTimes times, int readInbound, long stateVersion,
        IReadOnlyList<NewEvent> events, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH prev AS (
                SELECT state_version FROM conversations WHERE id = $1 AND tenant_id = $2
            ), resolution AS (
                INSERT INTO conversation_resolutions (tenant_id, conversation_id, opened_at, resolved_at)
                SELECT $2, $1, $20, $21 WHERE $21::timestamptz IS NOT NULL
                ON CONFLICT DO NOTHING
            ), announced AS (
                {EventRows.InsertSql(24, "WHERE coalesce((SELECT state_version FROM prev), -1) < $22")}
            )
            INSERT INTO conversations (id, tenant_id, contact_id, channel_id, channel_type, contact_address, status, assignee_id, priority, labels,
                                       snoozed_until, last_seq, last_message_id, inbound_count, read_inbound_count, last_activity_at,
                                       created_at, updated_at, first_inbound_at, first_response_at, state_version)
            VALUES ($1, $2, $3, $4, $5, $17, $6, $7, $8, $9, $10, $11, $12, $23 + $13, $23, $14, $15, $16, $18, $19, $22)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, assignee_id = excluded.assignee_id,
                first_inbound_at = coalesce(conversations.first_inbound_at, excluded.first_inbound_at),
                first_response_at = coalesce(conversations.first_response_at, excluded.first_response_at),
                priority = excluded.priority, labels = excluded.labels, snoozed_until = excluded.snoozed_until,
                read_inbound_count = excluded.read_inbound_count, updated_at = excluded.updated_at,
                state_version = greatest(conversations.state_version, excluded.state_version)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Contact.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.ChannelId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.ChannelType.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Status.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = c.AssigneeId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = c.Priority?.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Labels.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = c.SnoozedUntil });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.LastSeq });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = c.LastMessage?.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.UnreadCount });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.LastActivityAt ?? c.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.UpdatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactAddress });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = times.FirstInboundAt });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = times.FirstResponseAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = times.OpenedAt });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = times.ResolvedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateVersion });
        cmd.Parameters.Add(new NpgsqlParameter { Value = readInbound });
        EventRows.Add(cmd, [.. events.Select(e => (c.Id, e))], eventOptions.Value.Queues);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
