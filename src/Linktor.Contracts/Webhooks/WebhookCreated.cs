namespace Linktor.Contracts.Webhooks;

/// <summary>A new endpoint with its signing secret: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookCreated")]
public sealed record WebhookCreated(
    [property: Id(0)] WebhookRecord Webhook,
    [property: Id(1)] string Secret);
