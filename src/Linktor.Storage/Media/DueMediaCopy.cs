namespace Linktor.Storage.Media;

/// <summary>A copy a copier has claimed: whose message, how often it was tried, and when the message arrived.</summary>
public sealed record DueMediaCopy(Guid TenantId, Guid MessageId, int AttemptCount, DateTimeOffset CreatedAt);
