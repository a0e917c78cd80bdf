using Npgsql;

namespace Linktor.Storage.Retention;

/// <summary>
/// The one statement that deletes messages, for retention and erasure alike: the messages <c>doomed</c> selects (of the
/// tenant <c>$1</c>), their status history and attachment copies' queue rows, their attachments queued for deletion in
/// <c>media_deletions</c> (the files go after the commit, so no transaction waits on the media store), and their
/// conversations' list rows made to agree.
/// </summary>
/// <remarks>
/// Why this never blocks a send for long: appends only insert new seqs, which no delete touches, and the one row both
/// write — the conversation's list row — is updated at the end of a short statement (a batch of at most a few
/// thousand messages) and committed at once, so an append waits at most that long for its row lock. A statement
/// deletes messages of one conversation only (<c>doomed</c> must select so), so it locks one list row and waits for no
/// lock after it: a group-committed append, which locks the rows of several conversations, can never form a deadlock
/// with it (two multi-row updates in different orders could), and so never fails because of it. The row keeps
/// <c>last_seq</c> (seqs are never reused: the conversation grain takes the greater of the log's and the row's), and
/// when its last message is deleted it shows the newest kept one instead (none when none is kept). The inbound count
/// drops by the inbound messages deleted; the read count by as many, down to zero: deletions take the oldest first,
/// and read messages are the oldest ones, so what goes is read first, and the unread count changes only when unread
/// messages go too.
/// </remarks>
internal static class MessageDeletion
{
    public static string Sql(string doomed) => $"""
        WITH doomed AS ({doomed}),
        gone AS (
            DELETE FROM messages m USING doomed d WHERE m.tenant_id = $1 AND m.id = d.id
            RETURNING m.id, m.conversation_id, m.direction, m.content, m.media_deleted_at
        ), history AS (
            DELETE FROM message_status_history h USING gone g WHERE h.message_id = g.id AND h.tenant_id = $1
        ), copies AS (
            DELETE FROM media_copies c USING gone g WHERE c.message_id = g.id AND c.tenant_id = $1
        ), files AS (
            {QueueFilesSql("gone")}
        ), counted AS (
            SELECT conversation_id, count(*) FILTER (WHERE direction = 'inbound')::int AS inbound, array_agg(id) AS ids
              FROM gone GROUP BY conversation_id
        ), list_rows AS (
            -- The statement's snapshot still sees the deleted messages: the newest kept one is the newest not in the batch.
            UPDATE conversations c
               SET inbound_count = greatest(c.inbound_count - n.inbound, 0),
                   read_inbound_count = greatest(c.read_inbound_count - n.inbound, 0),
                   last_message_id = CASE WHEN c.last_message_id = ANY (n.ids) THEN
                       (SELECT k.id FROM messages k WHERE k.tenant_id = $1 AND k.conversation_id = c.id AND k.id <> ALL (n.ids)
                         ORDER BY k.seq DESC LIMIT 1)
                       ELSE c.last_message_id END
              FROM counted n WHERE c.tenant_id = $1 AND c.id = n.conversation_id
        )
        SELECT conversation_id, count(*)::int FROM gone GROUP BY conversation_id
        """;

    /// <summary>
    /// Queues for deletion the attachments of the messages in <paramref name="from"/> (columns id, direction, content,
    /// media_deleted_at): an upload the message names, and an inbound message's kept copy.
    /// </summary>
    public static string QueueFilesSql(string from) => $$"""
        INSERT INTO media_deletions (tenant_id, upload_id, inbound_message_id)
        SELECT $1, substring(g.content->'media'->>'url' from '/media/([A-Za-z0-9_-]{22})$'), CASE WHEN g.direction = 'inbound' THEN g.id END
          FROM {{from}} g
         WHERE g.content ? 'media' AND g.media_deleted_at IS NULL
           AND (g.direction = 'inbound' OR g.content->'media'->>'url' ~ '/media/[A-Za-z0-9_-]{22}$')
        """;

    /// <summary>Runs one deletion statement (parameters after the tenant already added) and reads what it removed.</summary>
    public static async Task<DeletedMessages> RunAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var conversations = new List<Guid>();
        var count = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            conversations.Add(r.GetGuid(0));
            count += r.GetInt32(1);
        }

        return count == 0 ? DeletedMessages.None : new DeletedMessages(count, conversations);
    }
}
