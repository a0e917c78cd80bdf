namespace Linktor.Contracts.Tenants;

[GenerateSerializer, Immutable, Alias("Linktor.TenantRecord")]
public sealed record TenantRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Slug { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
}
