namespace Linktor.Storage.Media;

/// <summary>An uploaded file as the media store keeps it: its public id, whose it is and what it is.</summary>
public sealed record StoredMedia(string Id, Guid TenantId, string ContentType, long Size, string? Filename, DateTimeOffset CreatedAt);
