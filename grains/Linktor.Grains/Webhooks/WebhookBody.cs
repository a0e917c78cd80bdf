using System.Text;
using System.Text.Json;
using Linktor.Contracts.Events;
using Linktor.Contracts.Json;

namespace Linktor.Grains.Webhooks;

/// <summary>What every delivery POSTs (API.md): <c>{id, event, created_at, tenant_id, data}</c>, <c>data</c> the resource as the REST API shows it.</summary>
public static class WebhookBody
{
    /// <summary>The body of <paramref name="e"/>: its stored data goes in as written, so every endpoint gets the same bytes.</summary>
    public static string Of(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream(e.Data.Length + 160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("event", e.Name);
            json.WritePropertyName("created_at");
            JsonSerializer.Serialize(json, e.CreatedAt, WireJson.Options);
            json.WriteString("tenant_id", e.TenantId);
            json.WritePropertyName("data");
            json.WriteRawValue(e.Data, skipInputValidation: true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
