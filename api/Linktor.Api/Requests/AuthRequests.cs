namespace Linktor.Api.Requests;

/// <summary><c>POST /auth/login</c>. <c>tenant</c> (a slug) picks the tenant when one email is in several.</summary>
public sealed record LoginRequest(string? Email, string? Password, string? Tenant);

/// <summary><c>POST /auth/refresh</c> and <c>POST /auth/logout</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);
