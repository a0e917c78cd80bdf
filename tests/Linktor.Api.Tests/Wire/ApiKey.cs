namespace Linktor.Api.Tests.Wire;

/// <summary>An API key; <see cref="Key"/> (the secret) only in the creation response.</summary>
public sealed record ApiKey(Guid Id, string Name, IReadOnlyList<string> Scopes, string? Key = null);
