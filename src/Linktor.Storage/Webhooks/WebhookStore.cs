using Linktor.Contracts.Webhooks;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Webhooks;

/// <summary>Endpoint writes, by the tenant's webhooks grain; and the active subscriptions every silo filters events by.</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource)
{
    public async Task InsertAsync(WebhookRecord webhook, string protectedSecret, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO webhooks (id, tenant_id, url, events, status, secret, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.Url });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.Events.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.Status.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = protectedSecret });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhook.UpdatedAt });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The updated endpoint; null when the tenant has no such endpoint. Null arguments leave a field as it is.</summary>
    public async Task<WebhookRecord?> UpdateAsync(
        Guid tenantId, Guid id, WebhookPatch patch, string? protectedSecret, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            UPDATE webhooks SET url = coalesce($3, url), events = coalesce($4, events), status = coalesce($5, status),
                secret = coalesce($6, secret), updated_at = $7
            WHERE tenant_id = $1 AND id = $2 RETURNING {WebhookRows.Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.Url });
        cmd.Parameters.Add(new NpgsqlParameter<string[]?> { TypedValue = patch.Events?.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = patch.Status?.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = protectedSecret });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? WebhookRows.Read(r) : null;
    }

    /// <summary>Deletes the endpoint and (by cascade) its deliveries and their attempts.</summary>
    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>Makes the delivery pending and due at <paramref name="now"/>; null when the endpoint has no such delivery.</summary>
    public async Task<WebhookDelivery?> RedeliverAsync(Guid tenantId, Guid webhookId, Guid deliveryId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4
            WHERE tenant_id = $1 AND webhook_id = $2 AND id = $3 RETURNING {WebhookRows.DeliveryColumns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = webhookId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = deliveryId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? WebhookRows.ReadDelivery(r) : null;
    }

    /// <summary>Per tenant with an active endpoint, the events some active endpoint of it wants.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<string>>> ActiveSubscriptionsAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT tenant_id, array_agg(DISTINCT e) FROM webhooks, unnest(events) AS e WHERE status = 'active' GROUP BY tenant_id");
        var result = new Dictionary<Guid, IReadOnlySet<string>>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            result[r.GetGuid(0)] = r.GetFieldValue<string[]>(1).ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }
}
