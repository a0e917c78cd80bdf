using System.Text.Json;
using Linktor.Contracts.Channels;
using Linktor.Storage.Json;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Npgsql;

namespace Linktor.Storage.Channels;

public sealed class ChannelQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, tenant_id, type, name, status, config, capabilities, created_at, updated_at";

    public async Task<PageResult<ChannelRecord>> ListAsync(Guid tenantId, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {Columns} FROM channels
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND tenant_id = $4 AND deleted_at IS NULL
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await PagedQuery.RunAsync(cmd, page.Limit, Read, c => new Cursor(c.CreatedAt, c.Id), ct).ConfigureAwait(false);
    }

    public async Task<ChannelRecord?> GetAsync(Guid tenantId, Guid channelId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM channels WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Read(r) : null;
    }

    /// <summary>Looks a channel up by id alone: provider webhooks and web-chat visitors carry no tenant.</summary>
    public async Task<ChannelRecord?> FindAsync(Guid channelId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM channels WHERE id = $1 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = channelId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Read(r) : null;
    }

    private static ChannelRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        TenantId = r.GetGuid(1),
        Type = DbNames.FromDb<ChannelType>(r.GetString(2)),
        Name = r.GetString(3),
        Status = DbNames.FromDb<ChannelStatus>(r.GetString(4)),
        Config = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5), StorageJson.Options)!,
        Capabilities = JsonSerializer.Deserialize<ChannelCapabilities>(r.GetString(6), StorageJson.Options)!,
        CreatedAt = r.GetFieldValue<DateTimeOffset>(7),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(8),
    };
}
