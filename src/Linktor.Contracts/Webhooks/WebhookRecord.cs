using System.Text.Json.Serialization;

namespace Linktor.Contracts.Webhooks;

/// <summary>An outbound-webhook endpoint of a tenant. Its signing secret is shown once, at creation, and never again.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookRecord")]
public sealed record WebhookRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required string Url { get; init; }

    /// <summary>Event names (<see cref="Realtime.EventNames"/>) this endpoint receives.</summary>
    [Id(3)] public required IReadOnlyList<string> Events { get; init; }
    [Id(4)] public required WebhookStatus Status { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public required DateTimeOffset UpdatedAt { get; init; }
}
