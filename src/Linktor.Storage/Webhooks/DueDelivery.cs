namespace Linktor.Storage.Webhooks;

/// <summary>A delivery a worker has claimed, with what it needs to send it.</summary>
public sealed record DueDelivery(
    Guid Id,
    Guid TenantId,
    Guid WebhookId,
    Guid EventId,
    string Event,
    string Payload,
    int AttemptCount,
    DateTimeOffset CreatedAt,
    string Url,
    string ProtectedSecret);
