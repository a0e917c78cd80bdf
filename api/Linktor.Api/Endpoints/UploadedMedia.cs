namespace Linktor.Api.Endpoints;

/// <summary>
/// An uploaded attachment: put <c>url</c> (with <c>mime_type</c>, <c>size</c> and <c>filename</c>) in a
/// message's <c>content.media</c> to send it.
/// </summary>
public sealed record UploadedMedia(string Id, string Url, string MimeType, long Size, string? Filename, DateTimeOffset CreatedAt);
