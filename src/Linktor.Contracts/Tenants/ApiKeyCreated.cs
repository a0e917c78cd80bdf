namespace Linktor.Contracts.Tenants;

/// <summary>A new key: the only time its secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ApiKeyCreated")]
public sealed record ApiKeyCreated(
    [property: Id(0)] ApiKeyRecord Key,
    [property: Id(1)] string Secret);
