using Npgsql;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>How many rows a tenant has in each table the API writes, read straight from the node's database.</summary>
public sealed record TenantRows(
    long Messages, long Conversations, long Contacts, long Channels, long Users, long ApiKeys, long Identities, long StatusHistory)
{
    public static async Task<TenantRows> CountAsync(NpgsqlDataSource db, Guid tenantId)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM messages WHERE tenant_id = $1),
                   (SELECT count(*) FROM conversations WHERE tenant_id = $1),
                   (SELECT count(*) FROM contacts WHERE tenant_id = $1),
                   (SELECT count(*) FROM channels WHERE tenant_id = $1),
                   (SELECT count(*) FROM users WHERE tenant_id = $1),
                   (SELECT count(*) FROM api_keys WHERE tenant_id = $1),
                   (SELECT count(*) FROM contact_identities WHERE tenant_id = $1),
                   (SELECT count(*) FROM message_status_history WHERE tenant_id = $1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new TenantRows(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
    }
}
