using Linktor.Contracts.Tenants;

namespace Linktor.Storage.Tenants;

/// <summary>A user who may be signing in with this email, with the hash to verify against.</summary>
public sealed record LoginCandidate(UserRecord User, string PasswordHash, string TenantSlug);
