using System.Text.Json;

namespace Linktor.Api.Tests.Wire;

/// <summary>A delivery as the API shows it; <see cref="Payload"/> and <see cref="Attempts"/> only on the single-delivery route.</summary>
public sealed record WebhookDelivery(
    Guid Id, Guid WebhookId, Guid EventId, string Event, string Status, int AttemptCount, int? ResponseStatus, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt,
    JsonElement? Payload = null, IReadOnlyList<WebhookAttempt>? Attempts = null);
