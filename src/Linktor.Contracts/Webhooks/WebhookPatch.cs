namespace Linktor.Contracts.Webhooks;

/// <summary>A validated change to an endpoint; null leaves a field as it is.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookPatch")]
public sealed record WebhookPatch
{
    [Id(0)] public string? Url { get; init; }
    [Id(1)] public IReadOnlyList<string>? Events { get; init; }
    [Id(2)] public WebhookStatus? Status { get; init; }

    /// <summary>A new signing secret (rotation); the old one stops signing at once.</summary>
    [Id(3)] public string? Secret { get; init; }
}
