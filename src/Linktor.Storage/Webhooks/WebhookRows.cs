using Linktor.Contracts.Webhooks;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Webhooks;

internal static class WebhookRows
{
    public const string Columns = "id, tenant_id, url, events, status, created_at, updated_at";

    public const string DeliveryColumns =
        "id, tenant_id, webhook_id, event_id, event, status, attempt_count, response_status, error, created_at, last_attempt_at, next_attempt_at, delivered_at";

    public static WebhookRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        TenantId = r.GetGuid(1),
        Url = r.GetString(2),
        Events = r.GetFieldValue<string[]>(3),
        Status = DbNames.FromDb<WebhookStatus>(r.GetString(4)),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(5),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(6),
    };

    public static WebhookDelivery ReadDelivery(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        TenantId = r.GetGuid(1),
        WebhookId = r.GetGuid(2),
        EventId = r.GetGuid(3),
        Event = r.GetString(4),
        Status = DbNames.FromDb<DeliveryStatus>(r.GetString(5)),
        AttemptCount = r.GetInt32(6),
        ResponseStatus = r.IsDBNull(7) ? null : r.GetInt32(7),
        Error = r.IsDBNull(8) ? null : r.GetString(8),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(9),
        LastAttemptAt = r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10),
        NextAttemptAt = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        DeliveredAt = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
    };
}
