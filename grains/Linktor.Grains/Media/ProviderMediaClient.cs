using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;

namespace Linktor.Grains.Media;

/// <summary>
/// Fetches an attachment a provider keeps (a WhatsApp media id, a Telegram file id, a Twilio media URL): the channel
/// grain says where, with the channel's credentials; the bytes come straight here and never pass through a grain.
/// </summary>
public sealed class ProviderMediaClient(IGrainFactory grains, IHttpClientFactory clients)
{
    public const string HttpClientName = "linktor.media";

    /// <returns>The provider's answer; a problem when the channel or the attachment is unknown.</returns>
    /// <exception cref="ProviderMediaUnavailableException">The provider failed or refused.</exception>
    public async Task<Result<ProviderMediaResponse>> OpenAsync(Guid tenantId, Guid channelId, string providerMediaId, CancellationToken ct)
    {
        Result<MediaDownload> resolved;
        try
        {
            resolved = await grains.GetGrain<IChannelGrain>(GrainKeys.Scoped(tenantId, channelId)).ResolveMediaAsync(providerMediaId);
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
