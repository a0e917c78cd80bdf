using Linktor.Api.Infrastructure;

namespace Linktor.Api.Requests;

/// <summary><c>PATCH /api/v1/tenant</c>: the tenant's settings an admin changes; absent fields stay as they are.</summary>
public sealed record UpdateTenantSettingsRequest(RetentionInput? Retention);

/// <summary>Days to keep messages and attachments; null keeps them forever.</summary>
public sealed record RetentionInput(Optional<int?> MessagesDays, Optional<int?> MediaDays);
