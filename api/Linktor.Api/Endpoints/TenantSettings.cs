namespace Linktor.Api.Endpoints;

/// <summary><c>GET/PATCH /api/v1/tenant</c>: the caller's tenant and the settings its admins choose.</summary>
public sealed record TenantSettings(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt, RetentionSettings Retention);

/// <summary>How many days messages (with their attachments) and attachments alone are kept; null: forever.</summary>
public sealed record RetentionSettings(int? MessagesDays, int? MediaDays);
