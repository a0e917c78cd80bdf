namespace Linktor.Api.Endpoints;

/// <summary>A new API key including its secret (<c>key</c>), shown this once.</summary>
public sealed record ApiKeyResponse(
    Guid Id, string Name, IReadOnlyList<string> Scopes, string Prefix, DateTimeOffset CreatedAt, Guid? CreatedBy, string Key);
