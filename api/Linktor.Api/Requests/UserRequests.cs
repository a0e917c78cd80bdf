using Linktor.Contracts.Tenants;

namespace Linktor.Api.Requests;

public sealed record CreateUserRequest(string? Email, string? Name, UserRole? Role, string? Password);

/// <summary><c>PATCH /users/{id}</c>. Changing one's own password takes <c>current_password</c> (an admin resetting another's does not).</summary>
public sealed record UpdateUserRequest(string? Name, UserRole? Role, UserStatus? Status, string? Password, string? CurrentPassword = null);

public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);
