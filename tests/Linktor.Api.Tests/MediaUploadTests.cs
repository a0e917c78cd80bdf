using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Uploaded attachments: stored by <c>POST /api/v1/media</c>, served at their unguessable public URL (providers
/// fetch it without credentials), sent in a message's <c>content.media</c>; bad uploads store nothing.
/// </summary>
public sealed class MediaUploadTests(LinktorNode node)
{
    private const string Route = "/api/v1/media";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The 8-byte PNG signature and an IHDR chunk's start: enough for a file a browser would call an image.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    [Fact]
    public async Task AnUploadIsServedAtItsPublicUrlAndAVisitorGetsItInAReply()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, session) = await tenant.StartConversationAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        var upload = await UploadAsync(tenant.AdminApi, Png, "image/png", "Café photo.png");
        var media = upload.ShouldBe<UploadedMedia>(201);
        media.Url.ShouldBe($"{node.BaseAddress.ToString().TrimEnd('/')}/media/{media.Id}");
        upload.Headers["Location"].ShouldBe(media.Url);
        (media.MimeType, media.Size, media.Filename).ShouldBe(("image/png", Png.Length, "Café photo.png"));
        media.Id.Length.ShouldBe(22);

        // No credentials: this is how WhatsApp, Twilio and Telegram fetch it, and how the widget shows it.
        using (var served = await node.Anonymous.GetAsync(media.Url, Ct))
        {
            served.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            (await served.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(Png);
            served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
            served.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
            served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        }

        var sent = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", new
        {
            content = new { type = "image", media = new { url = media.Url, mime_type = media.MimeType, size = media.Size, filename = media.Filename } },
        })).ShouldBe<Message>(202);
        var received = await visitor.WaitForAsync<JsonElement>("message.created",
            m => m.GetProperty("id").GetGuid() == sent.Id, "the visitor gets the agent's image");
        received.GetProperty("content").GetProperty("media").GetProperty("url").GetString().ShouldBe(media.Url);
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{sent.Id}")).ShouldBe(200).Json
            .GetProperty("content").GetProperty("media").GetProperty("filename").GetString().ShouldBe("Café photo.png");
    }

    [Fact]
    public async Task WhatABrowserCouldRunIsServedAsADownloadInASandbox()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var media = (await UploadAsync(tenant.AdminApi, "<script>alert(1)</script>"u8.ToArray(), "text/html", "page.html")).ShouldBe<UploadedMedia>(201);

        using var served = await node.Anonymous.GetAsync(media.Url, Ct);
        served.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        served.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        served.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("page.html");
        served.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
    }

    [Fact]
    public async Task WithoutADeclaredTypeTheFileNameGivesIt()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var pdf = (await UploadAsync(tenant.AdminApi, "%PDF-1.7"u8.ToArray(), "application/octet-stream", "invoice.pdf")).ShouldBe<UploadedMedia>(201);
        var unknown = (await UploadAsync(tenant.AdminApi, [1, 2, 3], null, "blob.zzz")).ShouldBe<UploadedMedia>(201);

        pdf.MimeType.ShouldBe("application/pdf");
        unknown.MimeType.ShouldBe("application/octet-stream");
    }

    [Fact]
    public async Task BadUploadsAreRefusedAndStoreNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.PostAsync(Route, new { url = "https://example.com/a.png" })).ShouldBeProblem(415, "validation_failed")
            .Detail.ShouldContain("multipart/form-data");
        using (var noFile = new MultipartFormDataContent { { new StringContent("x"), "note" } })
        {
            (await tenant.AdminApi.SendAsync(HttpMethod.Post, Route, noFile)).ShouldBeProblem(400, "validation_failed").Errors!.Keys.ShouldBe(["file"]);
        }

        (await UploadAsync(tenant.AdminApi, [], "image/png", "empty.png")).ShouldBeProblem(400, "validation_failed");
        (await UploadAsync(tenant.AdminApi, Png, "not a type", "x.png")).ShouldBeProblem(400, "validation_failed");
        // One byte over the default 16 MiB.
        (await UploadAsync(tenant.AdminApi, new byte[16 * 1024 * 1024 + 1], "video/mp4", "big.mp4")).ShouldBeProblem(413, "payload_too_large");
        (await UploadAsync(node.AnonymousApi, Png, "image/png", "x.png")).Status.ShouldBe(401);

        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    [Fact]
    public async Task UnknownOrMalformedIdsAnswerNotFound()
    {
        foreach (var path in new[] { "/media/AAAAAAAAAAAAAAAAAAAAAA", "/media/short", "/media/..%2F..%2Fetc%2Fpasswd", "/media/" })
        {
            (await node.AnonymousApi.GetAsync(path)).ShouldBeProblem(404, "not_found");
        }
    }

    private static Task<ApiResponse> UploadAsync(ApiClient api, byte[] bytes, string? contentType, string filename)
    {
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return api.SendAsync(HttpMethod.Post, Route, new MultipartFormDataContent { { file, "file", filename } });
    }
}
