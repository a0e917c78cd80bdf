namespace Linktor.Contracts.Webhooks;

/// <summary>A validated new endpoint; without a secret, one is generated.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookDraft")]
public sealed record WebhookDraft(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] string? Secret);
