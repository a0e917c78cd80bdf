namespace Linktor.Contracts.Tenants;

/// <summary>An API key as listed: never the secret, only its first characters to recognise it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ApiKeyRecord")]
public sealed record ApiKeyRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required IReadOnlyList<string> Scopes { get; init; }
    [Id(3)] public required string Prefix { get; init; }
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public Guid? CreatedBy { get; init; }
}
