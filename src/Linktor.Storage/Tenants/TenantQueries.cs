using Linktor.Contracts.Tenants;
using Linktor.Storage.Json;
using Linktor.Storage.Paging;
using Npgsql;

namespace Linktor.Storage.Tenants;

/// <summary>Reads of the tenant directory for the API: tenants, users, API keys, sessions.</summary>
public sealed class TenantQueries(NpgsqlDataSource dataSource)
{
    public async Task<PageResult<TenantRecord>> ListTenantsAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, name, slug, created_at FROM tenants
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        AddPage(cmd, page);
        return await PagedQuery.RunAsync(cmd, page.Limit, ReadTenant, t => new Cursor(t.CreatedAt, t.Id), ct).ConfigureAwait(false);
    }

    public async Task<TenantRecord?> GetTenantAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT id, name, slug, created_at FROM tenants WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadTenant(r) : null;
    }

    public async Task<Guid?> FindTenantBySlugAsync(string slug, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT id FROM tenants WHERE slug = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = slug });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as Guid?;
    }

    public async Task<PageResult<UserRecord>> ListUsersAsync(Guid tenantId, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {UserRows.Columns} FROM users u
            WHERE ($1::timestamptz IS NULL OR (u.created_at, u.id) < ($1, $2)) AND u.tenant_id = $4 AND u.deleted_at IS NULL
            ORDER BY u.created_at DESC, u.id DESC LIMIT $3
            """);
        AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await PagedQuery.RunAsync(cmd, page.Limit, r => UserRows.Read(r), u => new Cursor(u.CreatedAt, u.Id), ct).ConfigureAwait(false);
    }

    public async Task<UserRecord?> GetUserAsync(Guid tenantId, Guid userId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {UserRows.Columns} FROM users u WHERE u.tenant_id = $1 AND u.id = $2 AND u.deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? UserRows.Read(r) : null;
    }

    /// <summary>Active users with this email, in one tenant when <paramref name="tenantSlug"/> is given.</summary>
    public async Task<IReadOnlyList<LoginCandidate>> FindLoginCandidatesAsync(string email, string? tenantSlug, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {UserRows.Columns}, u.password_hash, t.slug FROM users u JOIN tenants t ON t.id = u.tenant_id
            WHERE u.email = $1 AND u.status = 'active' AND u.deleted_at IS NULL AND ($2::text IS NULL OR t.slug = $2)
            ORDER BY u.created_at LIMIT 10
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = email });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = tenantSlug });
        var result = new List<LoginCandidate>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(new LoginCandidate(UserRows.Read(r), r.GetString(7), r.GetString(8)));
        }

        return result;
    }

    public async Task<PageResult<ApiKeyRecord>> ListApiKeysAsync(Guid tenantId, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, name, scopes, prefix, created_at, created_by FROM api_keys
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND tenant_id = $4 AND revoked_at IS NULL
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await PagedQuery.RunAsync(cmd, page.Limit, r => new ApiKeyRecord
        {
            Id = r.GetGuid(0),
            Name = r.GetString(1),
            Scopes = r.GetFieldValue<string[]>(2),
            Prefix = r.GetString(3),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(4),
            CreatedBy = r.IsDBNull(5) ? null : r.GetGuid(5),
        }, k => new Cursor(k.CreatedAt, k.Id), ct).ConfigureAwait(false);
    }

    public async Task<ApiKeyPrincipal?> FindApiKeyAsync(byte[] keyHash, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT tenant_id, id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = keyHash });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false)
            ? new ApiKeyPrincipal(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<string[]>(2))
            : null;
    }

    public async Task<SessionState?> GetSessionStateAsync(Guid tenantId, Guid sessionId, Guid userId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active' AND u.deleted_at IS NULL, u.role
            FROM agent_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = $1 AND s.tenant_id = $2 AND s.user_id = $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false)
            ? new SessionState(r.GetBoolean(0), DbNames.FromDb<UserRole>(r.GetString(1)))
            : null;
    }

    /// <summary>The user's stored password hash, to check a current password against; null for no such (live) user.</summary>
    public async Task<string?> GetPasswordHashAsync(Guid tenantId, Guid userId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    /// <summary>Of <paramref name="sessionIds"/>, those no longer good: revoked, expired, their user disabled or deleted, or unknown.</summary>
    public async Task<IReadOnlySet<Guid>> FindEndedSessionsAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id FROM unnest($1::uuid[]) AS wanted(id)
            WHERE NOT EXISTS (
                SELECT 1 FROM agent_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id = wanted.id AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active' AND u.deleted_at IS NULL)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionIds.ToArray() });
        var ended = new HashSet<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            ended.Add(r.GetGuid(0));
        }

        return ended;
    }

    internal static void AddPage(NpgsqlCommand cmd, PageRequest page)
    {
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = page.After?.At });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = page.After?.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
    }

    private static TenantRecord ReadTenant(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Name = r.GetString(1),
        Slug = r.GetString(2),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(3),
    };
}
