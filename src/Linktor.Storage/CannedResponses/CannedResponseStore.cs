using Linktor.Contracts.CannedResponses;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.CannedResponses;

/// <summary>Canned-response writes, by the tenant's canned-responses grain.</summary>
public sealed class CannedResponseStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts the reply; false when the tenant has that short code already.</summary>
    public async Task<bool> InsertAsync(CannedResponseRecord reply, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO canned_responses (id, tenant_id, short_code, content, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, short_code) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.ShortCode });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.Content });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reply.UpdatedAt });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>The updated reply; null when there is no such reply; throws a unique violation on a taken short code.</summary>
    public async Task<CannedResponseRecord?> UpdateAsync(
        Guid tenantId, Guid id, string? shortCode, string? content, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            UPDATE canned_responses SET short_code = coalesce($3, short_code), content = coalesce($4, content), updated_at = $5
            WHERE tenant_id = $1 AND id = $2 RETURNING {CannedResponseRows.Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = shortCode });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = content });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? CannedResponseRows.Read(r) : null;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM canned_responses WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>True when <paramref name="ex"/> is the short-code uniqueness, so callers can answer 409.</summary>
    public static bool IsShortCodeTaken(PostgresException ex) => ex.IsUniqueViolation();
}
