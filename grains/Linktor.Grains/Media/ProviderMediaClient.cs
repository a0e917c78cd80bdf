using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Storage.Media;

namespace Linktor.Grains.Media;

/// <summary>
/// Copies an attachment a provider keeps (a WhatsApp media id, a Telegram file id, a Twilio media URL) into the media
/// store: the channel grain says where, with the channel's credentials; the bytes come straight here and never pass
/// through a grain. Silos copy on arrival (<see cref="InboundMediaCopier"/>), API nodes at a first download.
/// </summary>
public sealed class ProviderMediaClient(IGrainFactory grains, IHttpClientFactory clients, IMediaStore store)
{
    public const string HttpClientName = "linktor.media";

    /// <summary>Keeps a copy of <paramref name="message"/>'s provider-held attachment (replacing any earlier one).</summary>
    /// <returns>Null once copied; a problem when the channel or the attachment is unknown (nothing to keep, now or later).</returns>
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
        await using var content = await response.OpenAsync(ct);
        await store.SaveInboundCopyAsync(message.TenantId, message.Id, content, media.MimeType ?? response.ContentType, media.Filename ?? response.Filename, ct);
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
        using var request = new HttpRequestMessage(HttpMethod.Get, download.Url);
        foreach (var (name, value) in download.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderMediaUnavailableException($"The attachment could not be downloaded: {ex.Message}", ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new ProviderMediaUnavailableException($"The provider answered {(int)response.StatusCode} for the attachment.");
        }

        var contentType = download.MimeType ?? response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        return new ProviderMediaResponse(response, contentType, download.Filename);
    }
}
