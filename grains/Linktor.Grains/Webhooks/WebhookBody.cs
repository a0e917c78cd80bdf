namespace Linktor.Grains.Webhooks;

/// <summary>What every delivery POSTs (API.md): <c>data</c> is the resource as the REST API shows it.</summary>
public sealed record WebhookBody(Guid Id, string Event, DateTimeOffset CreatedAt, Guid TenantId, object? Data);
