namespace Linktor.Contracts.Tenants;

/// <summary>A signed-in agent: the user and a refresh token shown once (stored hashed).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.Session")]
public sealed record Session(
    [property: Id(0)] UserRecord User,
    [property: Id(1)] string RefreshToken,
    [property: Id(2)] Guid SessionId);
