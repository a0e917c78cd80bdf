using System.Text.Json.Serialization;

namespace Linktor.Contracts.Webhooks;

/// <summary>One event on its way to one endpoint, with the outcome of its latest attempt.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookDelivery")]
public sealed record WebhookDelivery
{
    /// <summary>Also the <c>Linktor-Delivery</c> header: the same on every retry, so receivers can drop repeats.</summary>
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required Guid WebhookId { get; init; }

    /// <summary>The event's <c>id</c> in the body: the same for every endpoint that receives the event.</summary>
    [Id(3)] public required Guid EventId { get; init; }
    [Id(4)] public required string Event { get; init; }
    [Id(5)] public required DeliveryStatus Status { get; init; }
    [Id(6)] public required int AttemptCount { get; init; }

    /// <summary>The HTTP status of the latest attempt; null when it got no answer (or none was made yet).</summary>
    [Id(7)] public int? ResponseStatus { get; init; }

    /// <summary>Why the latest attempt failed (timeout, connection refused, HTTP 500, ...).</summary>
    [Id(8)] public string? Error { get; init; }
    [Id(9)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(10)] public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>When a pending delivery is tried next; null once it has succeeded or failed.</summary>
    [Id(11)] public DateTimeOffset? NextAttemptAt { get; init; }
    [Id(12)] public DateTimeOffset? DeliveredAt { get; init; }
}
