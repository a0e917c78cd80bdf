using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Storage.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>
/// <c>GET /api/v1/messages/{id}/media</c>: an inbound attachment the provider keeps (WhatsApp media
/// id, Telegram file id, Twilio media URL), fetched from the provider with the channel's credentials
/// and streamed through; its bytes never pass through a grain.
/// </summary>
public static class MediaApi
{
    public const string HttpClientName = "linktor.media";

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/messages/{id:guid}/media", DownloadAsync)
            .WithTags("Messages")
            .RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("Download a message's attachment (inbound media kept by the provider: `content.media.provider_media_id`).");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext http, MessageReader messages, IGrainFactory grains, IHttpClientFactory clients, CancellationToken ct)
    {
        var tenantId = Caller.From(http.User).TenantId;
        if (await messages.GetAsync(tenantId, id, ct) is not { Content.Media: { } media } message)
        {
            return ApiProblems.NotFound("The message's attachment");
        }

        if (media.ProviderMediaId is null)
        {
            return media.Url is { } url ? TypedResults.Redirect(url) : ApiProblems.NotFound("The message's attachment");
        }

        Result<MediaDownload> resolved;
        try
        {
            resolved = await grains.GetGrain<IChannelGrain>(GrainKeys.Scoped(tenantId, message.ChannelId)).ResolveMediaAsync(media.ProviderMediaId);
        }
        catch (HttpRequestException ex)
        {
            return ApiProblems.Create(StatusCodes.Status502BadGateway, "channel_unavailable", $"The provider could not be asked for the attachment: {ex.Message}", null);
        }

        if (!resolved.IsSuccess)
        {
            return ApiProblems.From(resolved.Problem!);
        }

        var download = resolved.Value!;
        using var request = new HttpRequestMessage(HttpMethod.Get, download.Url);
        foreach (var (name, value) in download.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            return ApiProblems.Create(StatusCodes.Status502BadGateway, "channel_unavailable",
                $"The provider answered {(int)response.StatusCode} for the attachment.", null);
        }

        http.Response.RegisterForDispose(response);
        var contentType = download.MimeType ?? media.MimeType ?? response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        return TypedResults.Stream(await response.Content.ReadAsStreamAsync(ct), contentType, media.Filename ?? download.Filename);
    }
}
