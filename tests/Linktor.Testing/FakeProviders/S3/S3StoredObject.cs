namespace Linktor.Testing.FakeProviders.S3;

/// <summary>
/// An object <see cref="FakeS3Server"/> holds: its bytes (decoded, when uploaded aws-chunked), its
/// Content-Type and its user metadata (names without <c>x-amz-meta-</c>, in lower case, as S3 keeps them).
/// </summary>
public sealed record S3StoredObject(
    string Key, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Metadata, string ETag, DateTimeOffset LastModified);
