using Linktor.Contracts.Webhooks;

namespace Linktor.Storage.Webhooks;

/// <summary>A delivery with the exact body it sends and the log of its attempts, oldest first.</summary>
public sealed record WebhookDeliveryDetail(WebhookDelivery Delivery, string Payload, IReadOnlyList<WebhookAttempt> Attempts);
