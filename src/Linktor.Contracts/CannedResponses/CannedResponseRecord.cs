using System.Text.Json.Serialization;

namespace Linktor.Contracts.CannedResponses;

/// <summary>A saved reply of a tenant; agents insert it in the composer by its short code.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.CannedResponseRecord")]
public sealed record CannedResponseRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required string ShortCode { get; init; }
    [Id(3)] public required string Content { get; init; }
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public required DateTimeOffset UpdatedAt { get; init; }
}
