using Linktor.Contracts.Tenants;

namespace Linktor.Api.Endpoints;

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType, UserRecord User);
