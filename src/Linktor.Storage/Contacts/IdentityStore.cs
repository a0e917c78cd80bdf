using Npgsql;

namespace Linktor.Storage.Contacts;

/// <summary>The identity index (<c>contact_identities</c>); written only by identity grains.</summary>
public sealed class IdentityStore(NpgsqlDataSource dataSource)
{
    public async Task<IdentityBinding?> GetAsync(Guid tenantId, Guid channelId, string externalId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT contact_id, conversation_id FROM contact_identities
            WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3
            """);
        AddKey(cmd, tenantId, channelId, externalId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false)
            ? new IdentityBinding(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1))
            : null;
    }

    /// <summary>Binds the identity to a contact unless someone holds it; answers who holds it now.</summary>
    public async Task<IdentityBinding> BindAsync(Guid tenantId, Guid channelId, string externalId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH ins AS (
                INSERT INTO contact_identities (tenant_id, channel_id, external_id, contact_id)
                VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING contact_id, conversation_id)
            SELECT contact_id, conversation_id FROM ins
            UNION ALL
            SELECT contact_id, conversation_id FROM contact_identities
            WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3 AND NOT EXISTS (SELECT 1 FROM ins)
            """);
        AddKey(cmd, tenantId, channelId, externalId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return new IdentityBinding(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1));
    }

    public async Task SetConversationAsync(Guid tenantId, Guid channelId, string externalId, Guid conversationId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE contact_identities SET conversation_id = $4
            WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3
            """);
        AddKey(cmd, tenantId, channelId, externalId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> UnbindAsync(Guid tenantId, Guid channelId, string externalId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            DELETE FROM contact_identities WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3 AND contact_id = $4
            """);
        AddKey(cmd, tenantId, channelId, externalId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    private static void AddKey(NpgsqlCommand cmd, Guid tenantId, Guid channelId, string externalId)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = externalId });
    }
}
