using System.Data;
using System.Text.Json;
using Npgsql;

namespace Linktor.Storage.Retention;

/// <summary>
/// Everything held about a contact, as one JSON document written as it is read: the profile, its identities, its
/// conversations each with every message and its status history, and the attachments those name. Rows appear as
/// stored (snake_case columns), so nothing held is left out by a mapping. Messages are read row by row and flushed in
/// small pieces, so a long history never sits in memory.
/// </summary>
public sealed class ContactExport(NpgsqlDataSource dataSource)
{
    private const int FlushEvery = 200;

    /// <summary>Whether the tenant holds the contact (deleted or not: a deleted contact's data is still held until erased).</summary>
    public async Task<bool> ExistsAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>Writes the export to <paramref name="output"/>; false, writing nothing, when the tenant has no such contact.</summary>
    public async Task<bool> WriteAsync(Guid tenantId, Guid contactId, Stream output, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One snapshot for the whole document: a message arriving meanwhile is in it everywhere or nowhere.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var profile = await ScalarAsync(connection, tx, "SELECT row_to_json(c)::text FROM contacts c WHERE tenant_id = $1 AND id = $2", tenantId, contactId, ct)
            .ConfigureAwait(false);
        if (profile is null)
        {
            return false;
        }

        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WritePropertyName("contact");
        json.WriteRawValue(profile);
        await WriteRowsAsync(json, connection, tx, "identities",
            "SELECT row_to_json(i)::text FROM contact_identities i WHERE tenant_id = $1 AND contact_id = $2 ORDER BY created_at", tenantId, contactId, ct)
            .ConfigureAwait(false);

        var conversations = new List<(Guid Id, string Row)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT id, row_to_json(c)::text FROM conversations c WHERE tenant_id = $1 AND contact_id = $2 ORDER BY created_at, id", connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                conversations.Add((r.GetGuid(0), r.GetString(1)));
            }
        }

        json.WriteStartArray("conversations");
        foreach (var (id, row) in conversations)
        {
            json.WriteStartObject();
            json.WritePropertyName("conversation");
            json.WriteRawValue(row);
            await WriteRowsAsync(json, connection, tx, "messages", """
                SELECT row_to_json(x)::text FROM (
                    SELECT m.*, (SELECT coalesce(json_agg(h ORDER BY h.at), '[]') FROM message_status_history h
                                  WHERE h.tenant_id = m.tenant_id AND h.message_id = m.id) AS status_history
                      FROM messages m WHERE m.tenant_id = $1 AND m.conversation_id = $2 ORDER BY m.seq) x
                """, tenantId, id, ct).ConfigureAwait(false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        // The attachments, by where they can be fetched: an upload's public URL, or the API route (relative) of an inbound copy.
        await WriteRowsAsync(json, connection, tx, "media", """
            SELECT json_build_object('message_id', m.id, 'url', m.content->'media'->>'url',
                                     'provider_media_id', m.content->'media'->>'provider_media_id',
                                     'download_url', CASE WHEN m.direction = 'inbound' THEN '/api/v1/messages/' || m.id || '/media' END,
                                     'deleted_at', m.media_deleted_at)::text
              FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
             WHERE m.tenant_id = $1 AND c.contact_id = $2 AND m.content ? 'media'
             ORDER BY m.created_at
            """, tenantId, contactId, ct).ConfigureAwait(false);
        json.WriteEndObject();
        await json.FlushAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static async Task WriteRowsAsync(
        Utf8JsonWriter json, NpgsqlConnection connection, NpgsqlTransaction tx, string name, string sql, Guid tenantId, Guid id, CancellationToken ct)
    {
        json.WriteStartArray(name);
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        var rows = 0;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            json.WriteRawValue(r.GetString(0));
            if (++rows % FlushEvery == 0)
            {
                await json.FlushAsync(ct).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }
}
