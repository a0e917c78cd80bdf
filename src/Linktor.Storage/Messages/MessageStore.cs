using System.Text.Json;
using Linktor.Contracts.Messages;
using Linktor.Storage.Events;
using Linktor.Storage.GroupCommit;
using Linktor.Storage.Hosting;
using Linktor.Storage.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Messages;

/// <summary>
/// Writes the message log. Appends, status changes and send claims from all conversations and channels on this
/// node are group-committed: one multi-row statement and one commit per batch. Each statement also writes the
/// events its changes cause (the transactional outbox), so an event exists exactly when its change does; an
/// append also moves the conversation's list row (last message, seq, inbound count), so the read model never shows a
/// message the log does not have.
/// </summary>
public sealed partial class MessageStore : IAsyncDisposable
{
    private static readonly string AppendSql = $"""
        WITH input AS (
            SELECT * FROM unnest(
                $1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::uuid[],
                $9::text[], $10::jsonb[], $11::text[], $12::boolean[], $13::text[], $14::text[], $15::text[],
                $16::timestamptz[], $17::timestamptz[], $18::timestamptz[])
            AS t(id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, sender_id,
                 content_type, content, body, private, status, external_id, idempotency_key,
                 created_at, sent_at, delivered_at)
        ), inserted AS (
            INSERT INTO messages (id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, sender_id,
                                  content_type, content, body, private, status, external_id, idempotency_key,
                                  created_at, sent_at, delivered_at)
            SELECT id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, sender_id,
                   content_type, content, body, private, status, external_id, idempotency_key,
                   created_at, sent_at, delivered_at
            FROM input
            ON CONFLICT DO NOTHING
            RETURNING id
        ), touched AS (
            -- Per conversation: the inbound messages stored (counted whatever the order batches commit in), and the
            -- newest stored message, which becomes the last one unless the row already shows a later one (a batch may
            -- carry several messages of a conversation, and batches may commit out of order).
            UPDATE conversations c
               SET inbound_count = c.inbound_count + i.inbound,
                   last_seq = CASE WHEN i.seq >= c.last_seq THEN i.seq ELSE c.last_seq END,
                   last_message_id = CASE WHEN i.seq >= c.last_seq THEN i.id ELSE c.last_message_id END,
                   last_activity_at = CASE WHEN i.seq >= c.last_seq THEN i.created_at ELSE c.last_activity_at END
              FROM (SELECT DISTINCT ON (n.tenant_id, n.conversation_id) n.tenant_id, n.conversation_id, n.seq, n.id, n.created_at,
                           count(*) FILTER (WHERE n.direction = 'inbound')
                               OVER (PARTITION BY n.tenant_id, n.conversation_id) AS inbound
                      FROM input n JOIN inserted USING (id)
                     ORDER BY n.tenant_id, n.conversation_id, n.seq DESC) i
             WHERE c.id = i.conversation_id AND c.tenant_id = i.tenant_id
        ), announced AS (
            -- Only the events of stored messages: a message refused as a duplicate announces nothing.
            {EventRows.InsertSql(19, "WHERE e.key IN (SELECT id FROM inserted)")}
        )
        SELECT id FROM inserted
        """;

    /// <summary>
    /// A status change applies only while the message still has the status its writer merged from (optimistic
    /// concurrency: a channel recording a send and a provider callback never overwrite each other), and only then
    /// is it logged and announced. Clears the send mark: whatever was in flight now has its outcome.
    /// </summary>
    private static readonly string StatusSql = $"""
        WITH input AS (
            SELECT * FROM unnest(
                $1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::text[])
            AS t(id, tenant_id, status, external_id, error_code, error_message, at, sent_at, delivered_at, read_at, expected)
        ), updated AS (
            UPDATE messages m
               SET status = i.status, external_id = COALESCE(i.external_id, m.external_id),
                   error_code = i.error_code, error_message = i.error_message,
                   sent_at = i.sent_at, delivered_at = i.delivered_at, read_at = i.read_at, sending_since = NULL
              FROM input i
             WHERE m.id = i.id AND m.tenant_id = i.tenant_id AND m.status = i.expected
            RETURNING m.id
        ), logged AS (
            INSERT INTO message_status_history (message_id, tenant_id, status, at, error_code, error_message)
            SELECT id, tenant_id, status, at, error_code, error_message FROM input WHERE id IN (SELECT id FROM updated)
        ), announced AS (
            {EventRows.InsertSql(12, "WHERE e.key IN (SELECT id FROM updated)")}
        )
        SELECT id FROM updated
        """;

    /// <summary>
    /// Marks queued messages as being sent, before their provider call: only a message that is still queued and
    /// carries no mark but the claimer's own (from its previous attempt) is claimed, so no message is handed to a
    /// provider twice (a crash leaves the mark, and nobody else takes a mark over).
    /// </summary>
    private const string ClaimSql = """
        UPDATE messages m SET sending_since = i.at, attempts = m.attempts + 1
          FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS i (id, tenant_id, at, mark)
         WHERE m.id = i.id AND m.tenant_id = i.tenant_id AND m.status = 'queued' AND m.sending_since IS NOT DISTINCT FROM i.mark
        RETURNING m.id
        """;

    private static readonly string EditSql = $"""
        WITH updated AS (
            UPDATE messages SET content = $3::jsonb, content_type = $4, body = $5, edited_at = $6
             WHERE tenant_id = $1 AND id = $2
            RETURNING id
        ), announced AS (
            {EventRows.InsertSql(7, "WHERE e.key IN (SELECT id FROM updated)")}
        )
        SELECT count(*) FROM updated
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<MessageStore> _logger;
    private readonly int _queues;
    private readonly GroupCommitQueue<PendingAppend> _appends;
    private readonly GroupCommitQueue<PendingStatus> _statuses;
    private readonly GroupCommitQueue<PendingClaim> _claims;

    public MessageStore(NpgsqlDataSource dataSource, IOptions<StorageOptions> options, IOptions<EventStreamOptions> events, ILogger<MessageStore> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        var o = options.Value;
        _queues = events.Value.Queues;
        _appends = new GroupCommitQueue<PendingAppend>("append",
            (batch, ct) => WriteIsolatingFaultsAsync(batch, WriteAppendsAsync, ct), o.MaxBatchSize, o.WriterConcurrency);
        _statuses = new GroupCommitQueue<PendingStatus>("status",
            (batch, ct) => WriteIsolatingFaultsAsync(batch, WriteStatusesAsync, ct), o.MaxBatchSize, o.WriterConcurrency);
        _claims = new GroupCommitQueue<PendingClaim>("claim", WriteClaimsAsync, o.MaxBatchSize, o.WriterConcurrency);
    }

    /// <summary>
    /// Appends a message durably with the events it causes, and moves its conversation's list row. Returns false,
    /// storing nothing (not the events either), when its seq, provider id or idempotency key is already taken.
    /// </summary>
    public Task<bool> AppendAsync(MessageRecord message, IReadOnlyList<NewEvent> events)
    {
        var pending = new PendingAppend(message, events);
        _appends.Enqueue(pending);
        return pending.Completion;
    }

    /// <summary>
    /// Stores a message's new delivery state (already merged by its writer from <paramref name="expected"/>), logs the
    /// change and writes its event. Returns false, changing nothing, when the stored status is no longer
    /// <paramref name="expected"/> (someone else moved it first): the writer reads it again and merges again.
    /// </summary>
    public Task<bool> UpdateStatusAsync(MessageRecord updated, MessageStatus expected, StatusChange change, NewEvent? announcement)
    {
        var pending = new PendingStatus(updated, expected, change, announcement);
        _statuses.Enqueue(pending);
        return pending.Completion;
    }

    /// <summary>
    /// Marks a queued message as being sent, before it goes to the provider. <paramref name="mark"/> is the caller's own
    /// mark from a previous attempt (null if it holds none). False when it may not be sent now: it is no longer
    /// queued, or it carries a mark that is not the caller's (an attempt whose outcome was never recorded).
    /// </summary>
    /// <remarks>The new mark <paramref name="at"/> must be whole microseconds, as the store keeps them.</remarks>
    public Task<bool> ClaimForSendAsync(Guid tenantId, Guid messageId, DateTimeOffset at, DateTimeOffset? mark)
    {
        var pending = new PendingClaim(tenantId, messageId, at, mark);
        _claims.Enqueue(pending);
        return pending.Completion;
    }

    /// <summary>Clears the caller's send mark of a message whose attempt is known not to have reached the provider (it will be tried again).</summary>
    public async Task ReleaseClaimAsync(Guid tenantId, Guid messageId, DateTimeOffset? mark, CancellationToken ct = default)
    {
        await using var cmd = _dataSource.CreateCommand(
            "UPDATE messages SET sending_since = NULL WHERE tenant_id = $1 AND id = $2 AND status = 'queued' AND sending_since = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = messageId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = mark });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Replaces a message's content after the contact edited it on the provider, with its event.</summary>
    public async Task UpdateContentAsync(MessageRecord edited, NewEvent announcement, CancellationToken ct = default)
    {
        await using var cmd = _dataSource.CreateCommand(EditSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = edited.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = edited.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(edited.Content, StorageJson.Options) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = edited.Content.Type });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)MessageBody.Of(edited.Content) ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)edited.EditedAt ?? DBNull.Value });
        EventRows.Add(cmd, [(edited.Id, announcement)], _queues);
        await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private async Task WriteIsolatingFaultsAsync<TItem>(
        IReadOnlyList<TItem> batch, Func<IReadOnlyList<TItem>, CancellationToken, Task> write, CancellationToken ct)
        where TItem : IPendingWrite
    {
        try
        {
            await write(batch, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (batch.Count > 1 && IsDataError(ex))
        {
            // One bad row must not fail everyone else's message: write them one by one.
            LogBatchSplit(_logger, batch.Count, ex is PostgresException pg ? pg.SqlState : ex.GetType().Name);
            foreach (var item in batch)
            {
                try
                {
                    await write([item], ct).ConfigureAwait(false);
                }
                catch (Exception single)
                {
                    item.Fail(single);
                }
            }
        }
    }

    /// <summary>
    /// A fault of some row's values: refused by PostgreSQL (data exception, constraint), or found by the client
    /// before the batch was sent (e.g. text the driver cannot encode). Connection, I/O and timeout failures are
    /// everyone's, and are not retried row by row.
    /// </summary>
    private static bool IsDataError(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal),
        NpgsqlException or OperationCanceledException or ObjectDisposedException => false,
        _ => true,
    };

    private async Task WriteAppendsAsync(IReadOnlyList<PendingAppend> batch, CancellationToken ct)
    {
        var n = batch.Count;
        var ids = new Guid[n];
        var tenants = new Guid[n];
        var conversations = new Guid[n];
        var channels = new Guid[n];
        var seqs = new long[n];
        var directions = new string[n];
        var senderTypes = new string[n];
        var senderIds = new Guid?[n];
        var contentTypes = new string[n];
        var contents = new string[n];
        var bodies = new string?[n];
        var privates = new bool[n];
        var statuses = new string[n];
        var externalIds = new string?[n];
        var idempotencyKeys = new string?[n];
        var createdAts = new DateTimeOffset[n];
        var sentAts = new DateTimeOffset?[n];
        var deliveredAts = new DateTimeOffset?[n];
        var events = new List<(Guid, NewEvent)>(n);
        for (var i = 0; i < n; i++)
        {
            var m = batch[i].Message;
            ids[i] = m.Id;
            tenants[i] = m.TenantId;
            conversations[i] = m.ConversationId;
            channels[i] = m.ChannelId;
            seqs[i] = m.Seq;
            directions[i] = m.Direction.ToDb();
            senderTypes[i] = m.Sender.Type.ToDb();
            senderIds[i] = m.Sender.Id;
            contentTypes[i] = m.Content.Type;
            contents[i] = JsonSerializer.Serialize(m.Content, StorageJson.Options);
            bodies[i] = MessageBody.Of(m.Content);
            privates[i] = m.Private;
            statuses[i] = m.Status.ToDb();
            externalIds[i] = m.ExternalId;
            idempotencyKeys[i] = m.IdempotencyKey;
            createdAts[i] = m.CreatedAt;
            sentAts[i] = m.SentAt;
            deliveredAts[i] = m.DeliveredAt;
            foreach (var e in batch[i].Events)
            {
                events.Add((m.Id, e));
            }
        }

        await using var cmd = _dataSource.CreateCommand(AppendSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenants });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversations });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channels });
        cmd.Parameters.Add(new NpgsqlParameter { Value = seqs });
        cmd.Parameters.Add(new NpgsqlParameter { Value = directions });
        cmd.Parameters.Add(new NpgsqlParameter { Value = senderTypes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = senderIds });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contentTypes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contents, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = privates });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = externalIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = idempotencyKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = createdAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sentAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = deliveredAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        EventRows.Add(cmd, events, _queues);

        var inserted = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
        foreach (var item in batch)
        {
            item.Complete(inserted.Contains(item.Message.Id));
        }
    }

    private async Task WriteStatusesAsync(IReadOnlyList<PendingStatus> batch, CancellationToken ct)
    {
        var n = batch.Count;
        var ids = new Guid[n];
        var tenants = new Guid[n];
        var statuses = new string[n];
        var externalIds = new string?[n];
        var errorCodes = new string?[n];
        var errorMessages = new string?[n];
        var ats = new DateTimeOffset[n];
        var sentAts = new DateTimeOffset?[n];
        var deliveredAts = new DateTimeOffset?[n];
        var readAts = new DateTimeOffset?[n];
        var expected = new string[n];
        var events = new List<(Guid, NewEvent)>(n);
        for (var i = 0; i < n; i++)
        {
            var m = batch[i].Message;
            ids[i] = m.Id;
            tenants[i] = m.TenantId;
            statuses[i] = m.Status.ToDb();
            externalIds[i] = m.ExternalId;
            errorCodes[i] = m.Error?.Code;
            errorMessages[i] = m.Error?.Message;
            ats[i] = batch[i].Change.At;
            sentAts[i] = m.SentAt;
            deliveredAts[i] = m.DeliveredAt;
            readAts[i] = m.ReadAt;
            expected[i] = batch[i].Expected.ToDb();
            if (batch[i].Announcement is { } e)
            {
                events.Add((m.Id, e));
            }
        }

        await using var cmd = _dataSource.CreateCommand(StatusSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenants });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = externalIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = errorCodes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = errorMessages, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ats, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sentAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = deliveredAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = readAts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = expected });
        EventRows.Add(cmd, events, _queues);
        var updated = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
        foreach (var item in batch)
        {
            item.Complete(updated.Contains(item.Message.Id));
        }
    }

    private async Task WriteClaimsAsync(IReadOnlyList<PendingClaim> batch, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand(ClaimSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(c => c.MessageId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(c => c.TenantId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(c => c.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(c => c.Mark).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var claimed = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
        foreach (var item in batch)
        {
            item.Complete(claimed.Contains(item.MessageId));
        }
    }

    private static async Task<HashSet<Guid>> ReadIdsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync().ConfigureAwait(false);
        await _statuses.DisposeAsync().ConfigureAwait(false);
        await _claims.DisposeAsync().ConfigureAwait(false);
    }

    // Log event ids 12xx: the message store (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "A batch of {Count} writes failed on one row's data ({Reason}); writing its items one by one")]
    private static partial void LogBatchSplit(ILogger logger, int count, string reason);
}
