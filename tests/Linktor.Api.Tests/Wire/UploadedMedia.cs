namespace Linktor.Api.Tests.Wire;

/// <summary>What <c>POST /api/v1/media</c> answers.</summary>
public sealed record UploadedMedia(string Id, string Url, string MimeType, long Size, string? Filename, DateTimeOffset CreatedAt);
