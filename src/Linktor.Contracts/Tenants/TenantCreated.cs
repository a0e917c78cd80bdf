namespace Linktor.Contracts.Tenants;

[GenerateSerializer, Immutable, Alias("Linktor.TenantCreated")]
public sealed record TenantCreated(
    [property: Id(0)] TenantRecord Tenant,
    [property: Id(1)] UserRecord AdminUser);
