namespace Linktor.Storage.Retention;

/// <summary>A tenant whose retention deletes something.</summary>
public sealed record TenantRetention(Guid TenantId, RetentionPolicy Policy);
