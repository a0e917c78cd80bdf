using Linktor.Contracts.Tenants;

namespace Linktor.Storage.Tenants;

/// <summary>Whether an access token's session still stands, and the role its user has now.</summary>
public sealed record SessionState(bool Active, UserRole Role);
