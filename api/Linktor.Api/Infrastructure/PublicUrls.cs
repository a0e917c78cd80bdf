using Linktor.Contracts.Channels;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Infrastructure;

/// <summary>Addresses outsiders use: a channel's provider webhook, the web-chat widget script, uploaded attachments.</summary>
public sealed class PublicUrls(IOptions<ApiOptions> options, IHttpContextAccessor http)
{
    private string? _lastRequestBaseUrl;

    /// <summary>
    /// The configured public address; else the address of the request being served; outside a request (the
    /// real-time relay), the address of the last request this node served.
    /// </summary>
    public string BaseUrl
    {
        get
        {
            if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
            {
                return configured.TrimEnd('/');
            }

            var request = http.HttpContext?.Request;
            return request is null
                ? _lastRequestBaseUrl ?? "http://localhost:5080"
                : _lastRequestBaseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    public ChannelRecord Complete(ChannelRecord channel) => channel with
    {
        WebhookUrl = $"{BaseUrl}/hooks/{channel.Id}",
        WidgetSnippet = channel.Type == ChannelType.Webchat ? WidgetSnippet(channel.Id) : null,
    };

    /// <summary>Where an upload is served.</summary>
    public string Media(string mediaId) => $"{BaseUrl}{Endpoints.MediaApi.PublicPath}/{mediaId}";

    public string WidgetSnippet(Guid channelId) => $"<script src=\"{BaseUrl}/widget/{channelId}.js\" async></script>";
}
