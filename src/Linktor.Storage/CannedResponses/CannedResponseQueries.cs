using Linktor.Contracts.CannedResponses;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Npgsql;

namespace Linktor.Storage.CannedResponses;

public sealed class CannedResponseQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Newest first; <paramref name="query"/> matches the start of the short code or any part of the content.</summary>
    public async Task<PageResult<CannedResponseRecord>> ListAsync(Guid tenantId, string? query, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {CannedResponseRows.Columns} FROM canned_responses
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND tenant_id = $4
              AND ($5::text IS NULL OR short_code LIKE $5 || '%' OR content ILIKE '%' || $6 || '%')
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query is null ? null : Like.Escape(query.ToLowerInvariant()) });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = query is null ? null : Like.Escape(query) });
        return await PagedQuery.RunAsync(cmd, page.Limit, CannedResponseRows.Read, c => new Cursor(c.CreatedAt, c.Id), ct).ConfigureAwait(false);
    }

    public async Task<CannedResponseRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {CannedResponseRows.Columns} FROM canned_responses WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? CannedResponseRows.Read(r) : null;
    }
}
