namespace Linktor.Api.Endpoints;

/// <summary><c>GET /me</c> for an API key: which key, and the role it acts with.</summary>
public sealed record MeResponse(Guid Id, string Type, string Role);
