using System.Text.Json;
using Linktor.Contracts.Channels;
using Linktor.Storage.Json;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Channels;

/// <summary>The channel list read model; written by channel grains.</summary>
public sealed class ChannelStore(NpgsqlDataSource dataSource)
{
    public async Task UpsertAsync(ChannelRecord channel, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO channels (id, tenant_id, type, name, status, config, capabilities, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, config = excluded.config,
                capabilities = excluded.capabilities, updated_at = excluded.updated_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.Type.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.Status.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(channel.Config, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(channel.Capabilities, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.UpdatedAt });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sets the row's capabilities to <paramref name="capabilities"/>; false when they were that already.</summary>
    public async Task<bool> RefreshCapabilitiesAsync(Guid tenantId, Guid channelId, ChannelCapabilities capabilities, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE channels SET capabilities = $3
            WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL AND capabilities IS DISTINCT FROM $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(capabilities, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task DeleteAsync(Guid tenantId, Guid channelId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE channels SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<int> CountAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*)::int FROM channels WHERE tenant_id = $1 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
