using Linktor.Contracts.Webhooks;
using Linktor.Storage.Json;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Npgsql;

namespace Linktor.Storage.Webhooks;

/// <summary>What the API reads: a tenant's endpoints, their deliveries and the attempts log.</summary>
public sealed class WebhookQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Newest first.</summary>
    public async Task<PageResult<WebhookRecord>> ListAsync(Guid tenantId, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {WebhookRows.Columns} FROM webhooks
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND tenant_id = $4
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await PagedQuery.RunAsync(cmd, page.Limit, WebhookRows.Read, w => new Cursor(w.CreatedAt, w.Id), ct).ConfigureAwait(false);
    }

    public async Task<WebhookRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {WebhookRows.Columns} FROM webhooks WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? WebhookRows.Read(r) : null;
    }

    /// <summary>An endpoint's deliveries, newest first, optionally only those in <paramref name="status"/>.</summary>
    public async Task<PageResult<WebhookDelivery>> ListDeliveriesAsync(
        Guid tenantId, Guid webhookId, DeliveryStatus? status, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {WebhookRows.DeliveryColumns} FROM webhook_deliveries
            WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2)) AND tenant_id = $4 AND webhook_id = $5
              AND ($6::text IS NULL OR status = $6)
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = status?.ToDb() });
        return await PagedQuery.RunAsync(cmd, page.Limit, WebhookRows.ReadDelivery, d => new Cursor(d.CreatedAt, d.Id), ct).ConfigureAwait(false);
    }

    public async Task<WebhookDeliveryDetail?> GetDeliveryAsync(Guid tenantId, Guid webhookId, Guid deliveryId, CancellationToken ct = default)
    {
        WebhookDelivery delivery;
        string payload;
        await using (var cmd = dataSource.CreateCommand(
            $"SELECT {WebhookRows.DeliveryColumns}, payload FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND id = $3"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = webhookId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = deliveryId });
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await r.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            delivery = WebhookRows.ReadDelivery(r);
            payload = r.GetString(13);
        }

        await using var attemptsCmd = dataSource.CreateCommand(
            "SELECT attempt, attempted_at, response_status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt");
        attemptsCmd.Parameters.Add(new NpgsqlParameter { Value = deliveryId });
        var attempts = new List<WebhookAttempt>();
        await using (var r = await attemptsCmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                attempts.Add(new WebhookAttempt(
                    r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(4)));
            }
        }

        return new WebhookDeliveryDetail(delivery, payload, attempts);
    }
}
