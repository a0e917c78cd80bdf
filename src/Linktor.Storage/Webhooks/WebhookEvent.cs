namespace Linktor.Storage.Webhooks;

/// <summary>
/// An event ready to go out: its body is written once and sent, byte for byte, to every endpoint that wants it.
/// Deliveries of a conversation's events (<paramref name="ConversationId"/>) reach each endpoint in order.
/// </summary>
public sealed record WebhookEvent(Guid EventId, Guid TenantId, string Event, string Payload, DateTimeOffset CreatedAt, Guid? ConversationId = null);
