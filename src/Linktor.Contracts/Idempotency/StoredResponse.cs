namespace Linktor.Contracts.Idempotency;

/// <summary>The response a write gave, kept to answer its retries with the same key.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string? Body,
    [property: Id(2)] string? Location);
