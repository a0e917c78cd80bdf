namespace Linktor.Api.Tests.Wire;

/// <summary><c>POST /api/v1/tenants</c> → <c>201 {tenant, admin_user}</c>.</summary>
public sealed record TenantCreated(Tenant Tenant, User AdminUser);
