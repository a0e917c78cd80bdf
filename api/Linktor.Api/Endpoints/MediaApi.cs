using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Contracts.Messages;
using Linktor.Storage.Media;
using Linktor.Storage.Messages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Linktor.Api.Endpoints;

/// <summary>
/// Attachments. Outbound: <c>POST /api/v1/media</c> keeps an upload in the media store and answers the
/// public <c>/media/{id}</c> URL a message carries (providers fetch it with no credentials of ours, so the
/// id is unguessable). Inbound: <c>GET /api/v1/messages/{id}/media</c> serves the copy of what the provider keeps
/// (WhatsApp media id, Telegram file id, Twilio media URL), asking a silo to take it first (<see cref="IProviderMediaGrain"/>)
/// when none has yet: this node never calls a provider, and serves every attachment from the media store.
/// </summary>
public static class MediaApi
{
    public const string PublicPath = "/media";

    // Served inline only where a browser cannot run it: anything else (HTML, SVG, XML, ...) downloads.
    private static readonly string[] InlineTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "video/", "audio/", "application/pdf"];

    private static readonly FileExtensionContentTypeProvider TypesByExtension = new();

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/media", UploadAsync)
            .WithTags("Messages")
            .RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("Upload an attachment (multipart/form-data, field `file`); send it with the answer's `url` in `content.media`.")
            .WithDescription("""
                Answers 201 with `{id, url, mime_type, size, filename, created_at}`. The type is the part's Content-Type, or
                the file name's extension when that is missing or `application/octet-stream`. Larger than
                `Linktor:Media:MaxUploadBytes` (16 MiB by default) answers 413, and so does one that would take the tenant's
                uploads past `Linktor:Media:TenantQuotaBytes` (its detail says so). An upload no message refers to
                within `Linktor:Media:UnreferencedUploadRetention` (a day) is deleted. `url` is public but unguessable, because
                providers fetch attachments without credentials.
                """);
        app.MapGet("/api/v1/messages/{id:guid}/media", DownloadAsync)
            .WithTags("Messages")
            .RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("Download a message's attachment (inbound media kept by the provider: `content.media.provider_media_id`).");
        app.MapGet($"{PublicPath}/{{id}}", ServeAsync)
            .WithTags("Messages")
            .AllowAnonymous()
            .WithSummary("An uploaded attachment, by its unguessable id (what providers and browsers fetch).");
        return app;
    }

    public static Task<Results<Created<UploadedMedia>, ProblemHttpResult>> UploadAsync(
        HttpContext http, Caller caller, IMediaStore store, MediaUploads uploads, PublicUrls urls, IOptions<MediaOptions> options, TimeProvider time, CancellationToken ct) =>
        StoreUploadAsync(http, caller.TenantId, visitor: false, store, uploads, urls, options.Value, time, ct);

    /// <summary>
    /// Keeps the request's multipart <c>file</c> for <paramref name="tenantId"/> (agents' and visitors' uploads alike),
    /// within the tenant's <c>Linktor:Media:TenantQuotaBytes</c> and, for a <paramref name="visitor"/>'s, visitors' share of it
    /// (<c>VisitorPendingQuotaBytes</c>). The upload is in the ledger before its file is written,
    /// and stays collectable until a message refers to it (<see cref="MarkReferencedAsync"/>).
    /// </summary>
    public static async Task<Results<Created<UploadedMedia>, ProblemHttpResult>> StoreUploadAsync(
        HttpContext http, Guid tenantId, bool visitor, IMediaStore store, MediaUploads uploads, PublicUrls urls, MediaOptions options,
        TimeProvider time, CancellationToken ct)
    {
        var limit = options.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Room for the multipart framing around the file itself.
            size.MaxRequestBodySize = limit + 64 * 1024;
        }

        if (!http.Request.HasFormContentType)
        {
            // The code of every other 415 (ApiHostingExtensions): `unsupported_content` means a channel cannot carry a message.
            return ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "validation_failed",
                "Send the file as multipart/form-data in the field `file`.", null);
        }

        var form = await http.Request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file)
        {
            return ApiProblems.Validation("file", "Attach the file as `file`.");
        }

        if (file.Length == 0)
        {
            return ApiProblems.Validation("file", "The file is empty.");
        }

        if (file.Length > limit)
        {
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                $"The file is {file.Length} bytes; the most this server accepts is {limit}.", null);
        }

        var filename = Path.GetFileName(file.FileName) is { Length: > 0 and <= 255 } name ? name : null;
        if (TypeOf(file.ContentType, filename) is not { } contentType)
        {
            return ApiProblems.Validation("file", "The part's Content-Type is not a media type (type/subtype).");
        }

        var id = MediaIds.New();
        var visitorQuota = visitor ? options.VisitorPendingQuotaBytes : (long?)null;
        if (!await uploads.ReserveAsync(id, tenantId, file.Length, options.TenantQuotaBytes, visitorQuota, time.GetUtcNow(), ct))
        {
            var quota = visitor
                ? $"its quota of {options.TenantQuotaBytes} bytes, or visitors' uploads no message uses yet their share of {options.VisitorPendingQuotaBytes}"
                : $"its quota of {options.TenantQuotaBytes} bytes";
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                $"This tenant's attachments would exceed {quota}; uploads no message uses are deleted after {options.UnreferencedUploadRetention}.",
                null);
        }

        StoredMedia media;
        try
        {
            await using var content = file.OpenReadStream();
            media = await store.SaveAsync(id, tenantId, content, contentType, filename, ct);
        }
        catch
        {
            // Not stored: the bytes go back to the quota (CancellationToken.None: the request's own may be what ended it).
            await uploads.ReleaseAsync(id, CancellationToken.None);
            throw;
        }

        var url = urls.Media(media.Id);
        return TypedResults.Created(url, new UploadedMedia(media.Id, url, media.ContentType, media.Size, media.Filename, media.CreatedAt));
    }

    /// <summary>The id of an upload named by a URL of ours (<c>.../media/{id}</c>, whatever the host), else null.</summary>
    public static string? UploadIdOf(string? url)
    {
        const string Prefix = PublicPath + "/";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(Prefix, StringComparison.Ordinal)
            && uri.AbsolutePath[Prefix.Length..] is var id && MediaIds.IsWellFormed(id)
            ? id
            : null;
    }

    /// <summary>
    /// Keeps the upload <paramref name="mediaUrl"/> names, if it is one of <paramref name="tenantId"/>'s: a message now
    /// refers to it, so the janitor must not collect it. False when it names no upload of the tenant's ledger.
    /// </summary>
    public static async Task<bool> MarkReferencedAsync(MediaUploads uploads, Guid tenantId, string? mediaUrl, TimeProvider time, CancellationToken ct) =>
        UploadIdOf(mediaUrl) is { } id && await uploads.MarkReferencedAsync(id, tenantId, time.GetUtcNow(), ct);

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ServeAsync(string id, HttpContext http, IMediaStore store, CancellationToken ct)
    {
        if (await store.OpenAsync(id, ct) is not { } found)
        {
            return ApiProblems.NotFound("The attachment");
        }

        http.Response.RegisterForDisposeAsync(found);
        var media = found.Media;
        // An id never changes what it names: browsers and proxies may keep it.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Serve(http, found.Stream, media.ContentType, media.Filename ?? media.Id, media.CreatedAt);
    }

    /// <summary>
    /// Answers a stored file the way every media route must: whoever chose its type (an uploader, a provider, a
    /// contact) may have chosen one a browser runs, so nothing is sniffed, nothing runs (a sandbox with no sources)
    /// and anything but the inline types downloads rather than opening as a page of this origin.
    /// </summary>
    private static FileStreamHttpResult Serve(HttpContext http, Stream stream, string contentType, string filename, DateTimeOffset? lastModified)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        if (InlineTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = filename }.ToString();
            return TypedResults.Stream(stream, contentType, lastModified: lastModified, enableRangeProcessing: stream.CanSeek);
        }

        return TypedResults.Stream(stream, contentType, filename, lastModified, enableRangeProcessing: stream.CanSeek);
    }

    /// <summary>The declared type when it is one, else the name's; null when what was declared is not a media type.</summary>
    private static string? TypeOf(string? declared, string? filename)
    {
        if (string.IsNullOrWhiteSpace(declared) || declared.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return filename is not null && TypesByExtension.TryGetContentType(filename, out var byName) ? byName : "application/octet-stream";
        }

        return MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.SubType.Length > 0 && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? parsed.ToString()
            : null;
    }

    public static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext http, Caller caller, MessageReader messages, IMediaStore store, IGrainFactory grains, CancellationToken ct)
    {
        var tenantId = caller.TenantId;
        if (await messages.GetAsync(tenantId, id, ct) is not { Content.Media: { } media } message)
        {
            return ApiProblems.NotFound("The message's attachment");
        }

        if (media.ProviderMediaId is null)
        {
            return media.Url is { } url ? TypedResults.Redirect(url) : ApiProblems.NotFound("The message's attachment");
        }

        // The copy taken when the message arrived outlives the provider's (InboundMediaCopier).
        if (await store.OpenInboundCopyAsync(tenantId, id, ct) is not { } copy)
        {
            // None yet (still queued, or lost with a crashed silo): a silo takes it now, from the provider, while it has the file.
            var copied = await grains.GetGrain<IProviderMediaGrain>(0).CopyAsync(message, ct);
            switch (copied.Status)
            {
                case MediaCopyStatus.Refused:
                    return ApiProblems.From(copied.Problem!);
                case MediaCopyStatus.ProviderUnavailable:
                    return ApiProblems.Create(StatusCodes.Status502BadGateway, "channel_unavailable", copied.Problem!.Detail, null);
            }

            copy = await store.OpenInboundCopyAsync(tenantId, id, ct);
            if (copy is null)
            {
                return ApiProblems.NotFound("The message's attachment");
            }
        }

        http.Response.RegisterForDisposeAsync(copy);
        // Behind the agent's token: no shared cache may keep it.
        http.Response.Headers.CacheControl = "private, no-store";
        return Serve(http, copy.Stream, copy.Media.ContentType, copy.Media.Filename ?? $"{id}", copy.Media.CreatedAt);
    }
}
