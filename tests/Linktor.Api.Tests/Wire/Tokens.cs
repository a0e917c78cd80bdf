namespace Linktor.Api.Tests.Wire;

/// <summary><c>POST /api/v1/auth/login</c> and <c>/refresh</c>.</summary>
public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, User User);
