using Npgsql;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>Every row of a tenant in every table the app writes, and its grains' stored state, as comparable text.</summary>
public static class TenantSnapshot
{
    private static readonly string[] Tables =
    [
        "users", "api_keys", "agent_sessions", "channels", "contacts", "contact_identities", "conversations", "messages", "message_status_history",
        "canned_responses", "webhooks", "webhook_deliveries", "conversation_resolutions",
    ];

    public static async Task<string> TakeAsync(NpgsqlDataSource db, Guid tenantId)
    {
        var lines = new List<string>();
        foreach (var table in Tables)
        {
            await using var cmd = db.CreateCommand($"SELECT to_jsonb(t)::text FROM {table} t WHERE tenant_id = $1 ORDER BY 1");
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                lines.Add($"{table} {r.GetString(0)}");
            }
        }

        // Tenant-scoped grains are keyed "<tenant>/<id>": a write to one of the tenant's grains shows here.
        await using (var cmd = db.CreateCommand("""
            SELECT graintypestring || ' ' || coalesce(grainidextensionstring, '') || ' v' || coalesce(version, 0) || ' ' || md5(coalesce(payloadbinary, ''::bytea))
            FROM orleansstorage WHERE grainidextensionstring LIKE $1 ORDER BY 1
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = $"{tenantId:N}/%" });
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                lines.Add($"grain {r.GetString(0)}");
            }
        }

        return string.Join('\n', lines);
    }
}
