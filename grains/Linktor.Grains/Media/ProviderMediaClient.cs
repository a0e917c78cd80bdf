using System.Net;
using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Storage.Media;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Media;

/// <summary>
/// Copies an attachment a provider keeps (a WhatsApp media id, a Telegram file id, a Twilio media URL) into the media
/// store: the channel grain says where, with the channel's credentials; the bytes come straight here and never cross
/// a grain call. Silos copy on arrival (<see cref="InboundMediaCopier"/>), and at an agent's first download when
/// none is there yet (<see cref="ProviderMediaGrain"/>, asked by the API node).
/// The client keeps to the outbound policy (public addresses only, no automatic redirects); redirects are followed
/// here, hop by hop, only to the provider's media origins and without the credentials, and the body is capped.
/// </summary>
public sealed class ProviderMediaClient(IGrainFactory grains, IHttpClientFactory clients, IMediaStore store, IOptions<MediaOptions> options)
{
    public const string HttpClientName = "linktor.media";

    /// <summary>Twilio's media URL answers one redirect (to its CDN); a few more are tolerated, a loop is not.</summary>
    private const int MaxRedirects = 5;

    /// <summary>Keeps a copy of <paramref name="message"/>'s provider-held attachment (replacing any earlier one).</summary>
    /// <returns>Null once copied; a problem when the channel or the attachment is unknown, refused or too large (nothing to keep, now or later).</returns>
    /// <exception cref="ProviderMediaUnavailableException">The provider failed or refused.</exception>
    public async Task<Problem?> CopyAsync(MessageRecord message, CancellationToken ct)
    {
        var media = message.Content.Media ?? throw new ArgumentException("The message has no attachment.", nameof(message));
        var opened = await OpenAsync(message.TenantId, message.ChannelId, media.ProviderMediaId!, ct);
        if (!opened.IsSuccess)
        {
            return opened.Problem;
        }

        using var response = opened.Value!;
        try
        {
            await using var content = await response.OpenAsync(ct);
            await store.SaveInboundCopyAsync(message.TenantId, message.Id, content, media.MimeType ?? response.ContentType, media.Filename ?? response.Filename, ct);
        }
        catch (ProviderMediaTooLargeException ex)
        {
            return new Problem(ProblemCode.PayloadTooLarge, ex.Message);
        }

        return null;
    }

    private async Task<Result<ProviderMediaResponse>> OpenAsync(Guid tenantId, Guid channelId, string providerMediaId, CancellationToken ct)
    {
        Result<MediaDownload> resolved;
        try
        {
            resolved = await grains.Get<IChannelGrain>(GrainKeys.Scoped(tenantId, channelId)).ResolveMediaAsync(providerMediaId);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderMediaUnavailableException($"The provider could not be asked for the attachment: {ex.Message}", ex);
        }

        if (!resolved.IsSuccess)
        {
            return resolved.Problem!;
        }

        var download = resolved.Value!;
        var (response, refused) = await FollowAsync(download, ct);
        if (response is null)
        {
            return refused!;
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new ProviderMediaUnavailableException($"The provider answered {(int)response.StatusCode} for the attachment.");
        }

        var limit = options.Value.MaxProviderDownloadBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            response.Dispose();
            return new Problem(ProblemCode.PayloadTooLarge, new ProviderMediaTooLargeException(limit).Message);
        }

        var contentType = download.MimeType ?? response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        return new ProviderMediaResponse(response, contentType, download.Filename, limit);
    }

    /// <summary>
    /// The answer at the end of the redirects: each hop's origin must be one of <see cref="MediaDownload.RedirectOrigins"/>;
    /// the credentials go to the first URL only (a CDN's signed link needs none, and must not see them). Null when a
    /// hop leads elsewhere (it is not requested) or the policy refuses the connection: then the problem.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, Problem? Refused)> FollowAsync(MediaDownload download, CancellationToken ct)
    {
        var client = clients.CreateClient(HttpClientName);
        var url = new Uri(download.Url, UriKind.Absolute);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (hop == 0)
            {
                foreach (var (name, value) in download.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException ex) when (OutboundDestinationRefusedException.IsRefusal(ex))
            {
                // Not worth another attempt: the same host resolves to the same internal addresses.
                return (null, new Problem(ProblemCode.DestinationNotAllowed, $"The attachment is not fetched: {ex.Message}"));
            }
            catch (HttpRequestException ex)
            {
                throw new ProviderMediaUnavailableException($"The attachment could not be downloaded: {ex.Message}", ex);
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return (response, null);
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (hop == MaxRedirects)
            {
                throw new ProviderMediaUnavailableException($"The provider redirected the attachment more than {MaxRedirects} times.");
            }

            if (!download.RedirectOrigins.Contains(ProviderDestinations.Origin(next), StringComparer.OrdinalIgnoreCase))
            {
                return (null, new Problem(ProblemCode.DestinationNotAllowed,
                    $"The provider redirected the attachment off its media hosts ({ProviderDestinations.Origin(next)}); it is not fetched."));
            }

            url = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
