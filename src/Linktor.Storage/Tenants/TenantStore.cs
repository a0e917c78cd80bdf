using System.Security.Cryptography;
using Linktor.Contracts.Tenants;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Tenants;

/// <summary>The tenant directory's writes (tenants, users, API keys, agent sessions). Only the tenant grain calls it.</summary>
public sealed class TenantStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts a tenant and its first admin in one transaction; false when the slug or email is taken.</summary>
    public async Task<bool> InsertTenantAsync(TenantRecord tenant, UserRecord admin, string passwordHash, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await using (var cmd = new NpgsqlCommand("INSERT INTO tenants (id, name, slug, created_at) VALUES ($1, $2, $3, $4)", conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = tenant.Id });
                cmd.Parameters.Add(new NpgsqlParameter { Value = tenant.Name });
                cmd.Parameters.Add(new NpgsqlParameter { Value = tenant.Slug });
                cmd.Parameters.Add(new NpgsqlParameter { Value = tenant.CreatedAt });
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await InsertUserAsync(conn, tx, admin, passwordHash, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.IsUniqueViolation())
        {
            return false;
        }
    }

    /// <summary>Inserts a user; false when the email is taken in the tenant.</summary>
    public async Task<bool> InsertUserAsync(UserRecord user, string passwordHash, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            await InsertUserAsync(conn, null, user, passwordHash, ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.IsUniqueViolation())
        {
            return false;
        }
    }

    public async Task<UserRecord?> UpdateUserAsync(Guid tenantId, Guid userId, UserPatch patch, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            UPDATE users u SET name = coalesce($3, u.name), role = coalesce($4, u.role), status = coalesce($5, u.status),
                               password_hash = coalesce($6, u.password_hash), updated_at = now()
            WHERE u.tenant_id = $1 AND u.id = $2 AND u.deleted_at IS NULL
            RETURNING {UserRows.Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.Name });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.Role?.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.Status?.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.PasswordHash });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? UserRows.Read(r) : null;
    }

    /// <summary>Soft-deletes a user (messages keep naming them) and ends their sessions.</summary>
    public async Task<bool> DeleteUserAsync(Guid tenantId, Guid userId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH d AS (UPDATE users SET deleted_at = now(), status = 'disabled'
                       WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id),
                 s AS (UPDATE agent_sessions SET revoked_at = now()
                       WHERE tenant_id = $1 AND user_id IN (SELECT id FROM d) AND revoked_at IS NULL)
            SELECT count(*) FROM d
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    public async Task<int> CountActiveAdminsAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT count(*)::int FROM users WHERE tenant_id = $1 AND role = 'admin' AND status = 'active' AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
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

    public async Task InsertApiKeyAsync(Guid tenantId, ApiKeyRecord key, byte[] keyHash, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO api_keys (id, tenant_id, name, scopes, prefix, key_hash, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.Scopes.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.Prefix });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keyHash });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = key.CreatedBy });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.CreatedAt });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> RevokeApiKeyAsync(Guid tenantId, Guid keyId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keyId });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>Starts a session with its first refresh token.</summary>
    public async Task InsertSessionAsync(Guid tenantId, Guid sessionId, Guid userId, DateTimeOffset expiresAt, byte[] tokenHash, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            WITH s AS (INSERT INTO agent_sessions (id, tenant_id, user_id, expires_at) VALUES ($1, $2, $3, $4) RETURNING id)
            INSERT INTO refresh_tokens (token_hash, session_id) SELECT $5, id FROM s
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Spends a refresh token and issues its successor. A token spent before is a replay: the
    /// whole session is revoked. Returns null for a token never issued.
    /// </summary>
    public async Task<RefreshRotation?> RotateRefreshTokenAsync(Guid tenantId, byte[] tokenHash, byte[] nextHash, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        Guid sessionId, userId;
        bool spent, usable;
        await using (var find = new NpgsqlCommand("""
            SELECT s.id, s.user_id, t.used_at IS NOT NULL,
                   s.revoked_at IS NULL AND s.expires_at > now()
                   AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.status = 'active' AND u.deleted_at IS NULL)
            FROM refresh_tokens t JOIN agent_sessions s ON s.id = t.session_id
            WHERE t.token_hash = $1 AND s.tenant_id = $2
            FOR UPDATE OF t
            """, conn, tx))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
            find.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            await using var r = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await r.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            (sessionId, userId, spent, usable) = (r.GetGuid(0), r.GetGuid(1), r.GetBoolean(2), r.GetBoolean(3));
        }

        if (spent || !usable)
        {
            var ended = false;
            if (spent)
            {
                await using var revoke = new NpgsqlCommand("UPDATE agent_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", conn, tx);
                revoke.Parameters.Add(new NpgsqlParameter { Value = sessionId });
                ended = await revoke.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
                await tx.CommitAsync(ct).ConfigureAwait(false);
            }

            return new RefreshRotation(sessionId, userId, Rotated: false, EndedSession: ended);
        }

        await using (var rotate = new NpgsqlCommand("""
            WITH spent AS (UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1)
            INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($2, $3)
            """, conn, tx))
        {
            rotate.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
            rotate.Parameters.Add(new NpgsqlParameter { Value = nextHash });
            rotate.Parameters.Add(new NpgsqlParameter { Value = sessionId });
            await rotate.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new RefreshRotation(sessionId, userId, Rotated: true, EndedSession: false);
    }

    /// <summary>Revokes the session a refresh token belongs to; answers the session and its user, when one was revoked.</summary>
    public async Task<(Guid SessionId, Guid UserId)?> RevokeSessionByTokenAsync(Guid tenantId, byte[] tokenHash, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE agent_sessions s SET revoked_at = now()
            FROM refresh_tokens t
            WHERE t.token_hash = $1 AND s.id = t.session_id AND s.tenant_id = $2 AND s.revoked_at IS NULL
            RETURNING s.id, s.user_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tokenHash });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? (r.GetGuid(0), r.GetGuid(1)) : null;
    }

    /// <summary>Revokes a session; answers its user, when one was revoked.</summary>
    public async Task<Guid?> RevokeSessionAsync(Guid tenantId, Guid sessionId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE agent_sessions SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING user_id");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is Guid userId ? userId : null;
    }

    /// <summary>
    /// Revokes every session of a user but <paramref name="except"/>, for good: re-enabling the user later does not
    /// revive them (a revoked session never comes back).
    /// </summary>
    public async Task RevokeUserSessionsAsync(Guid tenantId, Guid userId, Guid? except, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE agent_sessions SET revoked_at = now()
            WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = except });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>SHA-256 of a random token: API keys and refresh tokens are stored only this way.</summary>
    public static byte[] HashToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static async Task InsertUserAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, UserRecord user, string passwordHash, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO users (id, tenant_id, email, name, role, status, password_hash, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Email });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Role.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Status.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = passwordHash });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.CreatedAt });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
