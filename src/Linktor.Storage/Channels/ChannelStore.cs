using System.Text.Json;
using Linktor.Contracts.Channels;
using Linktor.Storage.Events;
using Linktor.Storage.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Channels;

/// <summary>The channel list read model; written by channel grains, with the events of the changes it shows.</summary>
public sealed class ChannelStore(NpgsqlDataSource dataSource, IOptions<EventStreamOptions> eventOptions)
{
    /// <summary>
    /// Writes the row from the grain's state at <paramref name="stateVersion"/> and, in the same statement,
    /// <paramref name="events"/> — only if the row was written from an older state, so a repeated write (an
    /// activation's repair after a crash) never announces a change twice.
    /// </summary>
    public async Task UpsertAsync(ChannelRecord channel, long stateVersion, IReadOnlyList<NewEvent> events, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH prev AS (
                SELECT state_version FROM channels WHERE id = $1 AND tenant_id = $2
            ), announced AS (
                {EventRows.InsertSql(11, "WHERE coalesce((SELECT state_version FROM prev), -1) < $10")}
            )
            INSERT INTO channels (id, tenant_id, type, name, status, config, capabilities, created_at, updated_at, state_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, config = excluded.config,
                capabilities = excluded.capabilities, updated_at = excluded.updated_at,
                state_version = greatest(channels.state_version, excluded.state_version)
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
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateVersion });
        EventRows.Add(cmd, [.. events.Select(e => (channel.Id, e))], eventOptions.Value.Queues);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the row's capabilities to <paramref name="channel"/>'s and writes <paramref name="announcement"/> with
    /// them; false (and no event) when they were those already.
    /// </summary>
    public async Task<bool> RefreshCapabilitiesAsync(ChannelRecord channel, NewEvent announcement, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH updated AS (
                UPDATE channels SET capabilities = $3
                WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL AND capabilities IS DISTINCT FROM $3
                RETURNING id
            ), announced AS (
                {EventRows.InsertSql(4, "WHERE e.key IN (SELECT id FROM updated)")}
            )
            SELECT count(*)::int FROM updated
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channel.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(channel.Capabilities, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        EventRows.Add(cmd, [(channel.Id, announcement)], eventOptions.Value.Queues);
        return (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    /// <summary>The state version the row was last written from (-1: no row).</summary>
    public async Task<long> StateVersionAsync(Guid tenantId, Guid channelId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT state_version FROM channels WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long version ? version : -1;
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
