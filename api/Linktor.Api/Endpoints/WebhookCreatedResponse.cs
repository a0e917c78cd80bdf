using Linktor.Contracts.Webhooks;

namespace Linktor.Api.Endpoints;

/// <summary>A new endpoint including its signing <c>secret</c>, shown this once.</summary>
public sealed record WebhookCreatedResponse(
    Guid Id, string Url, IReadOnlyList<string> Events, WebhookStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Secret)
{
    public static WebhookCreatedResponse From(WebhookCreated created) => new(
        created.Webhook.Id, created.Webhook.Url, created.Webhook.Events, created.Webhook.Status,
        created.Webhook.CreatedAt, created.Webhook.UpdatedAt, created.Secret);
}
