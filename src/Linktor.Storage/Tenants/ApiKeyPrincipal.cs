namespace Linktor.Storage.Tenants;

/// <summary>Who an API key speaks for.</summary>
public sealed record ApiKeyPrincipal(Guid TenantId, Guid KeyId, IReadOnlyList<string> Scopes);
