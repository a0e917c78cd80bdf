using System.Globalization;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.Media;

/// <summary>
/// Attachments in an S3-compatible bucket (AWS S3, MinIO, ...): uploads at <c>media/{id}</c>, inbound copies at
/// <c>inbound/{tenant}/{message}</c>; an object's Content-Type is the file's, and what else <see cref="StoredMedia"/>
/// holds is in its user metadata, so every node of a cluster reads what any node wrote without a database of its own.
/// </summary>
public sealed class S3MediaStore(IOptions<MediaOptions> options, TimeProvider time) : IMediaStore, IDisposable
{
    private const string TenantKey = "tenant-id";
    private const string CreatedAtKey = "created-at";
    private const string FilenameKey = "filename";

    private readonly S3MediaOptions _s3 = options.Value.S3;
    private readonly AmazonS3Client _client = CreateClient(options.Value.S3);

    public Task<StoredMedia> SaveAsync(Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default) =>
        SaveAsync(MediaIds.New(), tenantId, content, contentType, filename, ct);

    public Task<StoredMedia> SaveAsync(string id, Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default) =>
        MediaIds.IsWellFormed(id)
            ? PutAsync(UploadKey(id), new StoredMedia(id, tenantId, contentType, 0, filename, time.GetUtcNow()), content, ct)
            : throw new ArgumentException("Not a media id.", nameof(id));

    // S3 answers a DELETE of a missing key with 204 too.
    public Task DeleteAsync(string id, CancellationToken ct = default) =>
        MediaIds.IsWellFormed(id)
            ? _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _s3.Bucket, Key = UploadKey(id) }, ct)
            : Task.CompletedTask;

    public Task<MediaContent?> OpenAsync(string id, CancellationToken ct = default) =>
        MediaIds.IsWellFormed(id) ? GetAsync(UploadKey(id), id, ct) : Task.FromResult<MediaContent?>(null);

    public async Task<StoredMedia?> FindAsync(string id, CancellationToken ct = default)
    {
        if (!MediaIds.IsWellFormed(id))
        {
            return null;
        }

        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _s3.Bucket, Key = UploadKey(id) }, ct)
                .ConfigureAwait(false);
            return ToStoredMedia(id, head.Headers, head.Metadata, head.LastModified);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }
    }

    public Task SaveInboundCopyAsync(Guid tenantId, Guid messageId, Stream content, string contentType, string? filename, CancellationToken ct = default) =>
        PutAsync(InboundKey(tenantId, messageId), new StoredMedia(messageId.ToString("N"), tenantId, contentType, 0, filename, time.GetUtcNow()), content, ct);

    public Task DeleteInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default) =>
        _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _s3.Bucket, Key = InboundKey(tenantId, messageId) }, ct);

    public Task<MediaContent?> OpenInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default) =>
        GetAsync(InboundKey(tenantId, messageId), messageId.ToString("N"), ct);

    private async Task<StoredMedia> PutAsync(string key, StoredMedia media, Stream content, CancellationToken ct)
    {
        // A PUT without aws-chunked needs its length (and, over plain HTTP, the body's hash) before
        // sending: a stream that can't seek (a request body) is spooled to a temporary file first.
        FileStream? spool = null;
        try
        {
            var body = content;
            if (!content.CanSeek)
            {
                spool = new FileStream(
                    Path.Combine(Path.GetTempPath(), $"linktor-media-{Guid.NewGuid():N}"),
                    FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                await content.CopyToAsync(spool, ct).ConfigureAwait(false);
                spool.Position = 0;
                body = spool;
            }

            media = media with { Size = body.Length - body.Position };
            var request = new PutObjectRequest
            {
                BucketName = _s3.Bucket,
                Key = key,
                InputStream = body,
                ContentType = media.ContentType,
                // The caller owns its stream, and "read to its end" means from where it stands.
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                // A plain body signed by its SHA-256: what every S3-compatible server takes, over
                // HTTP too (aws-chunked with signed trailers is not).
                UseChunkEncoding = false,
            };
            request.Headers.ContentLength = media.Size;
            request.Metadata.Add(TenantKey, media.TenantId.ToString("D"));
            request.Metadata.Add(CreatedAtKey, media.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            if (media.Filename is not null)
            {
                // S3 metadata travels as HTTP headers, which must be ASCII.
                request.Metadata.Add(FilenameKey, Uri.EscapeDataString(media.Filename));
            }

            await _client.PutObjectAsync(request, ct).ConfigureAwait(false);
            return media;
        }
        finally
        {
            if (spool is not null)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<MediaContent?> GetAsync(string key, string id, CancellationToken ct)
    {
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _s3.Bucket, Key = key }, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }

        try
        {
            var media = ToStoredMedia(id, response.Headers, response.Metadata, response.LastModified);

            // The response stream is the HTTP response's content: disposing it (all that disposing
            // the GetObjectResponse does) returns the connection to the pool.
            return new MediaContent(media, response.ResponseStream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();

    // Only a missing object: a missing bucket is a misconfiguration and must not pass for "no such file".
    private static bool IsMissingObject(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or "NotFound" or null or "";

    private static StoredMedia ToStoredMedia(string id, HeadersCollection headers, MetadataCollection metadata, DateTime? lastModified)
    {
        var createdAt = metadata[CreatedAtKey];
        var filename = metadata[FilenameKey];
        return new StoredMedia(
            id,
            Guid.Parse(metadata[TenantKey]),
            headers.ContentType,
            headers.ContentLength,
            string.IsNullOrEmpty(filename) ? null : Uri.UnescapeDataString(filename),
            string.IsNullOrEmpty(createdAt)
                ? new DateTimeOffset(lastModified ?? default, TimeSpan.Zero)
                : DateTimeOffset.ParseExact(createdAt, "O", CultureInfo.InvariantCulture, DateTimeStyles.None));
    }

    private static string UploadKey(string id) => $"media/{id}";

    private static string InboundKey(Guid tenantId, Guid messageId) => $"inbound/{tenantId:N}/{messageId:N}";

    private static AmazonS3Client CreateClient(S3MediaOptions s3)
    {
        var config = new AmazonS3Config
        {
            // The SDK's default since v4 adds CRC checksums, and on uploads sends them as signed
            // trailers of an aws-chunked body, which S3-compatible servers (older MinIO, R2, Ceph)
            // reject or mishandle; S3 itself checks the body against the signed SHA-256 anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.ServiceUrl;
            config.ForcePathStyle = s3.ForcePathStyle;
            // The region can't be told from a custom address, and the signature's scope names it.
            config.AuthenticationRegion = s3.Region;
        }

        return string.IsNullOrEmpty(s3.AccessKey) || string.IsNullOrEmpty(s3.SecretKey)
            ? new AmazonS3Client(config) // the SDK's chain: environment, profile, container or instance role
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }
}
