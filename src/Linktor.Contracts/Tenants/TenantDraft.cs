namespace Linktor.Contracts.Tenants;

/// <summary>A new tenant with its first admin. The password arrives hashed; grains never see it in clear.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.TenantDraft")]
public sealed record TenantDraft
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Slug { get; init; }
    [Id(2)] public required string AdminEmail { get; init; }
    [Id(3)] public required string AdminPasswordHash { get; init; }
    [Id(4)] public string? AdminName { get; init; }
}
