namespace Linktor.Api.Requests;

public sealed record CreateTenantRequest(string? Name, string? Slug, string? AdminEmail, string? AdminPassword, string? AdminName);
