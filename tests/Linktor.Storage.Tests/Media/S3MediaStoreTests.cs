using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Linktor.Storage.Media;
using Linktor.Testing.FakeProviders.S3;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Media;

/// <summary>
/// The S3 store against a fake S3 that checks every request's SigV4 signature as S3 does, over
/// plain HTTP (as a MinIO beside the cluster is reached).
/// </summary>
public sealed class S3MediaStoreTests
{
    private static readonly Guid Tenant = Guid.Parse("5b0f3f0e-8d7a-4c55-9a57-3f1d2a6c9e01");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASavedFileReadsBackWithItsContentTypeTenantSizeAndFilename()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var bytes = "%PDF-1.7 not really a résumé"u8.ToArray();

        // A request body can't seek: the store must find its size (and signed hash) some other way.
        var saved = await store.SaveAsync(Tenant, NonSeekable(bytes), "application/pdf", "Résumé 2026.pdf", Ct);

        MediaIds.IsWellFormed(saved.Id).ShouldBeTrue();
        saved.TenantId.ShouldBe(Tenant);
        saved.ContentType.ShouldBe("application/pdf");
        saved.Size.ShouldBe(bytes.Length);
        saved.Filename.ShouldBe("Résumé 2026.pdf");

        var put = s3.Requests.ShouldHaveSingleItem();
        put.Method.ShouldBe("PUT");
        put.Path.ShouldBe($"/{FakeS3Server.DefaultBucket}/media/{saved.Id}");
        put.Header("authorization")!.ShouldStartWith($"AWS4-HMAC-SHA256 Credential={FakeS3Server.DefaultAccessKey}/");
        // A plain body signed by its hash, no aws-chunked or checksum trailer: what any S3-compatible server takes.
        put.Header("x-amz-content-sha256").ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        put.Header("content-encoding").ShouldBeNull();
        put.Header("x-amz-trailer").ShouldBeNull();
        s3.Authenticated.ShouldHaveSingleItem().Body.ShouldBe(bytes);
        var stored = s3.Object($"media/{saved.Id}").ShouldNotBeNull();
        stored.ContentType.ShouldBe("application/pdf");
        stored.Metadata["tenant-id"].ShouldBe(Tenant.ToString());
        stored.Metadata["filename"].ShouldBe("R%C3%A9sum%C3%A9%202026.pdf");

        await using var opened = (await store.OpenAsync(saved.Id, Ct)).ShouldNotBeNull();
        opened.Media.ShouldBe(saved);
        (await ReadAllAsync(opened.Stream)).ShouldBe(bytes);
    }

    [Fact]
    public async Task AFileSavedUnderAGivenIdIsDeletedTwiceWithoutError()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var id = MediaIds.New();

        var saved = await store.SaveAsync(id, Tenant, new MemoryStream([1, 2, 3]), "image/png", "c.png", Ct);
        saved.Id.ShouldBe(id);
        s3.Object($"media/{id}").ShouldNotBeNull();

        // Two upload janitors may both delete it.
        await store.DeleteAsync(id, Ct);
        await store.DeleteAsync(id, Ct);

        s3.Object($"media/{id}").ShouldBeNull();
        (await store.FindAsync(id, Ct)).ShouldBeNull();
        s3.Requests.Count(r => r.Method == "DELETE" && r.Path == $"/{FakeS3Server.DefaultBucket}/media/{id}").ShouldBe(2);
    }

    [Fact]
    public async Task AFileWithoutAFilenameReadsBackWithoutOne()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);

        var saved = await store.SaveAsync(Tenant, new MemoryStream([1, 2, 3]), "image/png", null, Ct);

        await using var opened = (await store.OpenAsync(saved.Id, Ct)).ShouldNotBeNull();
        opened.Media.ShouldBe(saved);
        opened.Media.Filename.ShouldBeNull();
    }

    [Fact]
    public async Task AnUnknownIdOpensAsNull()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);

        (await store.OpenAsync(MediaIds.New(), Ct)).ShouldBeNull();

        s3.Authenticated.ShouldHaveSingleItem().Method.ShouldBe("GET");
    }

    [Fact]
    public async Task FindingAnUploadReadsWhatItIsWithoutItsBytes()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var saved = await store.SaveAsync(Tenant, new MemoryStream([1, 2, 3, 4]), "image/png", "Café.png", Ct);

        (await store.FindAsync(saved.Id, Ct)).ShouldBe(saved);
        (await store.FindAsync(MediaIds.New(), Ct)).ShouldBeNull();
        (await store.FindAsync("../../etc", Ct)).ShouldBeNull();

        s3.Authenticated.Select(r => r.Method).ShouldBe(["PUT", "HEAD", "HEAD"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA/B")]
    public async Task AMalformedIdOpensAsNullWithoutAskingTheServer(string id)
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);

        (await store.OpenAsync(id, Ct)).ShouldBeNull();

        s3.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AWrongSecretKeyFailsToSaveAndStoresNothing()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3, secretKey: "not-the-secret-key");

        var error = await Should.ThrowAsync<AmazonS3Exception>(() => store.SaveAsync(Tenant, new MemoryStream([1, 2, 3]), "image/png", "a.png", Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        s3.Requests.ShouldNotBeEmpty();
        s3.Authenticated.ShouldBeEmpty();
        s3.Objects.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnknownAccessKeyFailsToSave()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3, accessKey: "AKIAUNKNOWNKEY000000");

        var error = await Should.ThrowAsync<AmazonS3Exception>(() => store.SaveAsync(Tenant, new MemoryStream([1, 2, 3]), "image/png", null, Ct));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.ErrorCode.ShouldBe("InvalidAccessKeyId");
        s3.Objects.ShouldBeEmpty();
    }

    [Fact]
    public async Task AMissingBucketIsAnErrorNotAMissingFile()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3, bucket: "no-such-bucket");

        var error = await Should.ThrowAsync<AmazonS3Exception>(() => store.OpenAsync(MediaIds.New(), Ct));

        error.ErrorCode.ShouldBe("NoSuchBucket");
    }

    [Fact]
    public async Task AMebibyteOfRandomBytesRoundTrips()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024);

        var saved = await store.SaveAsync(Tenant, new MemoryStream(bytes), "application/octet-stream", "noise.bin", Ct);

        saved.Size.ShouldBe(bytes.Length);
        await using var opened = (await store.OpenAsync(saved.Id, Ct)).ShouldNotBeNull();
        opened.Media.Size.ShouldBe(bytes.Length);
        (await ReadAllAsync(opened.Stream)).ShouldBe(bytes);
    }

    [Fact]
    public async Task ASeekableStreamIsStoredFromWhereItStands()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var stream = new MemoryStream([9, 9, 1, 2, 3]) { Position = 2 };

        var saved = await store.SaveAsync(Tenant, stream, "application/octet-stream", null, Ct);

        saved.Size.ShouldBe(3);
        s3.Object($"media/{saved.Id}").ShouldNotBeNull().Body.ShouldBe([1, 2, 3]);
    }

    // The store turns the SDK's streaming upload off; this checks that the fake also takes what the
    // SDK sends by default (aws-chunked with signed chunks and a signed checksum trailer), so its
    // SigV4 check is not only right for the one payload mode the store uses.
    [Fact]
    public async Task TheFakeVerifiesTheSdksDefaultStreamingUpload()
    {
        await using var s3 = await StartAsync();
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(s3.AccessKey, s3.SecretKey),
            new AmazonS3Config { ServiceURL = s3.BaseUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = s3.Region });
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.Bucket,
            Key = "raw/streamed.bin",
            InputStream = new MemoryStream(bytes),
            ContentType = "application/octet-stream",
        }, Ct);

        var put = s3.Authenticated.ShouldHaveSingleItem();
        put.Header("x-amz-content-sha256")!.ShouldStartWith("STREAMING-");
        s3.Object("raw/streamed.bin").ShouldNotBeNull().Body.ShouldBe(bytes);
    }

    [Fact]
    public async Task AnInboundCopyIsKeptPerMessageApartFromUploads()
    {
        await using var s3 = await StartAsync();
        using var store = Store(s3);
        var message = Guid.NewGuid();
        (await store.OpenInboundCopyAsync(Tenant, message, Ct)).ShouldBeNull();

        await store.SaveInboundCopyAsync(Tenant, message, NonSeekable([9, 8, 7]), "audio/ogg", "voice note.oga", Ct);

        await using var copy = (await store.OpenInboundCopyAsync(Tenant, message, Ct)).ShouldNotBeNull();
        (copy.Media.TenantId, copy.Media.ContentType, copy.Media.Size, copy.Media.Filename).ShouldBe((Tenant, "audio/ogg", 3L, "voice note.oga"));
        (await ReadAllAsync(copy.Stream)).ShouldBe([9, 8, 7]);
        (await store.OpenInboundCopyAsync(Guid.NewGuid(), message, Ct)).ShouldBeNull("the key holds the tenant");
    }

    private static async Task<FakeS3Server> StartAsync()
    {
        var s3 = new FakeS3Server();
        await s3.StartAsync();
        return s3;
    }

    private static S3MediaStore Store(
        FakeS3Server s3, string? bucket = null, string accessKey = FakeS3Server.DefaultAccessKey, string secretKey = FakeS3Server.DefaultSecretKey) =>
        new(Options.Create(new MediaOptions
        {
            Store = MediaStoreKind.S3,
            S3 = new S3MediaOptions
            {
                Bucket = bucket ?? s3.Bucket,
                ServiceUrl = s3.BaseUrl.ToString(),
                Region = s3.Region,
                AccessKey = accessKey,
                SecretKey = secretKey,
                ForcePathStyle = true,
            },
        }), TimeProvider.System);

    private static Stream NonSeekable(byte[] bytes)
    {
        var pipe = new Pipe();
        pipe.Writer.AsStream().Write(bytes);
        pipe.Writer.Complete();
        return pipe.Reader.AsStream();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }
}
