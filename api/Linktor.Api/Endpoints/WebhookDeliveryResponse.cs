using System.Text.Json;
using Linktor.Contracts.Webhooks;
using Linktor.Storage.Webhooks;

namespace Linktor.Api.Endpoints;

/// <summary>A delivery with the body it sends (as JSON, not a string) and every attempt, oldest first.</summary>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid WebhookId,
    Guid EventId,
    string Event,
    DeliveryStatus Status,
    int AttemptCount,
    int? ResponseStatus,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    JsonElement Payload,
    IReadOnlyList<WebhookAttempt> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDeliveryDetail detail)
    {
        var d = detail.Delivery;
        using var payload = JsonDocument.Parse(detail.Payload);
        return new WebhookDeliveryResponse(
            d.Id, d.WebhookId, d.EventId, d.Event, d.Status, d.AttemptCount, d.ResponseStatus, d.Error, d.CreatedAt, d.LastAttemptAt,
            d.NextAttemptAt, d.DeliveredAt, payload.RootElement.Clone(), detail.Attempts);
    }
}
