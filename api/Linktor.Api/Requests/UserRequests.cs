using Linktor.Contracts.Tenants;

namespace Linktor.Api.Requests;

public sealed record CreateUserRequest(string? Email, string? Name, UserRole? Role, string? Password);

public sealed record UpdateUserRequest(string? Name, UserRole? Role, UserStatus? Status, string? Password);

public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);
