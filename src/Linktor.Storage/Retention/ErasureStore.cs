using System.Text;
using Npgsql;

namespace Linktor.Storage.Retention;

/// <summary>
/// Erases a contact from every table: its messages (in batches, like retention: <see cref="MessageDeletion"/>) with
/// their status history and attachments, its conversations, identities and list row, the events and webhook
/// deliveries that carry any of them, and the grain state and reminders of its contact and conversation grains; then
/// records that it happened (<c>erasures</c>: who, when, how much — nothing of the contact but its id).
/// </summary>
/// <remarks>
/// The caller first makes the contact's grains forget what they hold in memory (so none writes it back); each step
/// here is its own short transaction, and every step finds only what is left, so an erasure interrupted halfway is
/// finished by asking again.
/// </remarks>
public sealed class ErasureStore(NpgsqlDataSource dataSource, MediaDeletions media)
{
    // One conversation per statement: see MessageDeletion.
    private static readonly string DeleteMessagesSql = MessageDeletion.Sql("""
        SELECT id FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq LIMIT $3 FOR UPDATE
        """);

    /// <summary>The contact's conversations and identities; null when the tenant has no such contact (deleted or not).</summary>
    public async Task<ErasureTarget?> FindAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2", tenantId, contactId));
        batch.BatchCommands.Add(Command("""
            SELECT id FROM conversations WHERE tenant_id = $1 AND contact_id = $2
            UNION
            SELECT conversation_id FROM contact_identities WHERE tenant_id = $1 AND contact_id = $2 AND conversation_id IS NOT NULL
            """, tenantId, contactId));
        batch.BatchCommands.Add(Command("""
            SELECT channel_id, external_id FROM contact_identities WHERE tenant_id = $1 AND contact_id = $2
            UNION
            SELECT (i->>'channel_id')::uuid, i->>'external_id' FROM contacts c, jsonb_array_elements(c.identities) i
             WHERE c.tenant_id = $1 AND c.id = $2
            """, tenantId, contactId));
        await using var r = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        await r.NextResultAsync(ct).ConfigureAwait(false);
        var conversations = new List<Guid>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            conversations.Add(r.GetGuid(0));
        }

        await r.NextResultAsync(ct).ConfigureAwait(false);
        var identities = new List<(Guid, string)>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            identities.Add((r.GetGuid(0), r.GetString(1)));
        }

        return new ErasureTarget(conversations, identities);
    }

    /// <summary>
    /// Erases the contact and what <paramref name="target"/> names (from <see cref="FindAsync"/>), and records the
    /// erasure as made by <paramref name="erasedBy"/>.
    /// </summary>
    public async Task<ErasureCounts> EraseAsync(
        Guid tenantId, Guid contactId, ErasureTarget target, Guid erasedBy, DateTimeOffset now, int batchSize, CancellationToken ct = default)
    {
        var conversations = target.Conversations.ToArray();
        var messages = 0;
        foreach (var conversation in conversations)
        {
            messages += await Batches.RunAsync(async () =>
            {
                await using var cmd = dataSource.CreateCommand(DeleteMessagesSql);
                cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
                cmd.Parameters.Add(new NpgsqlParameter { Value = conversation });
                cmd.Parameters.Add(new NpgsqlParameter { Value = batchSize });
                return (await MessageDeletion.RunAsync(cmd, ct).ConfigureAwait(false)).Count;
            }, batchSize).ConfigureAwait(false);
        }

        var files = await media.DrainAllAsync(tenantId, batchSize, ct).ConfigureAwait(false);
        // Event and delivery bodies are the resources as the API shows them: the contact's or a conversation's id in
        // one means it is about them (message events also name their conversation in a column).
        var ids = conversations.Append(contactId).Select(id => $"%{id}%").ToArray();
        var deliveries = await DeleteInBatchesAsync("""
            DELETE FROM webhook_deliveries WHERE id IN (
                SELECT id FROM webhook_deliveries
                 WHERE tenant_id = $1 AND (conversation_id = ANY ($2) OR payload LIKE ANY ($3)) LIMIT $4)
            """, tenantId, conversations, ids, batchSize, ct).ConfigureAwait(false);
        var events = await DeleteInBatchesAsync("""
            DELETE FROM events WHERE (queue, txid, position) IN (
                SELECT queue, txid, position FROM events
                 WHERE tenant_id = $1 AND (conversation_id = ANY ($2) OR data LIKE ANY ($3)) LIMIT $4)
            """, tenantId, conversations, ids, batchSize, ct).ConfigureAwait(false);

        var counts = new ErasureCounts(conversations.Length, messages, target.Identities.Count, files, deliveries, events);
        await DeleteRowsAndRecordAsync(tenantId, contactId, conversations, erasedBy, now, counts, ct).ConfigureAwait(false);
        return counts;
    }

    private async Task DeleteRowsAndRecordAsync(
        Guid tenantId, Guid contactId, Guid[] conversations, Guid erasedBy, DateTimeOffset now, ErasureCounts counts, CancellationToken ct)
    {
        var grainKeys = conversations.Append(contactId).Select(id => $"{tenantId:N}/{id:N}").ToArray();
        // Idempotency records keep whole responses (a created contact, a sent message): any that names one of them goes.
        var named = conversations.Append(contactId)
            .SelectMany(id => new[] { Encoding.UTF8.GetBytes(id.ToString()), Encoding.UTF8.GetBytes(id.ToString("N")), id.ToByteArray() })
            .ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Command("DELETE FROM conversation_resolutions WHERE tenant_id = $1 AND conversation_id = ANY ($2)", tenantId, conversations));
        batch.BatchCommands.Add(Command("DELETE FROM conversations WHERE tenant_id = $1 AND id = ANY ($2)", tenantId, conversations));
        batch.BatchCommands.Add(Command("DELETE FROM contact_identities WHERE tenant_id = $1 AND contact_id = $2", tenantId, contactId));
        batch.BatchCommands.Add(Command("DELETE FROM contacts WHERE tenant_id = $1 AND id = $2", tenantId, contactId));
        batch.BatchCommands.Add(Command("DELETE FROM orleansstorage WHERE grainidextensionstring = ANY ($1)", (object)grainKeys));
        batch.BatchCommands.Add(Command(
            "DELETE FROM orleansreminderstable r WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) k WHERE r.grainid LIKE '%/' || k)", (object)grainKeys));
        batch.BatchCommands.Add(Command("""
            DELETE FROM orleansstorage s WHERE graintypestring = 'idempotency'
               AND EXISTS (SELECT 1 FROM unnest($1::bytea[]) p WHERE position(p IN s.payloadbinary) > 0)
            """, (object)named));
        batch.BatchCommands.Add(Command("""
            INSERT INTO erasures (id, tenant_id, contact_id, erased_by, erased_at, conversations, messages, identities, media_files,
                                  webhook_deliveries, events)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, Guid.CreateVersion7(now), tenantId, contactId, erasedBy, now, counts.Conversations, counts.Messages, counts.Identities,
            counts.MediaFiles, counts.WebhookDeliveries, counts.Events));
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private Task<int> DeleteInBatchesAsync(string sql, Guid tenantId, Guid[] conversations, string[] patterns, int batchSize, CancellationToken ct) =>
        Batches.RunAsync(async () =>
        {
            await using var cmd = dataSource.CreateCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = conversations });
            cmd.Parameters.Add(new NpgsqlParameter { Value = patterns });
            cmd.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, batchSize);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
