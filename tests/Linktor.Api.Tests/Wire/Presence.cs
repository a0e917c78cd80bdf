namespace Linktor.Api.Tests.Wire;

/// <summary>API.md's <c>presence</c> event, and an entry of <c>GET /api/v1/presence</c>.</summary>
public sealed record Presence(Guid UserId, string Status);
