using System.Net;
using System.Net.NetworkInformation;
using Linktor.Contracts.Channels;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Infrastructure;

/// <summary>Addresses outsiders use: a channel's provider webhook, the web-chat widget script, uploaded attachments.</summary>
public sealed class PublicUrls(IOptions<ApiOptions> options, IHttpContextAccessor http)
{
    private static readonly Lazy<HashSet<string>> MachineNames = new(ReadMachineNames);

    private string? _lastRequestBaseUrl;

    /// <summary>
    /// The configured public address; else the address of the request being served when its Host names this
    /// machine; outside a request (the real-time relay), the address of the last such request this node served.
    /// </summary>
    /// <remarks>
    /// The Host header is the client's to write: taken as it comes, one forged request would put an attacker's host
    /// into the widget snippet a cache keeps and a site embeds. Without <see cref="ApiOptions.PublicBaseUrl"/> only
    /// names of this machine (localhost, its host name, its own addresses) are believed; any other answers with
    /// localhost on the port the request came in on. Deployments behind a name set the option.
    /// </remarks>
    public string BaseUrl
    {
        get
        {
            if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
            {
                return configured.TrimEnd('/');
            }

            if (http.HttpContext is not { } context)
            {
                return _lastRequestBaseUrl ?? "http://localhost:5080";
            }

            var request = context.Request;
            if (!NamesThisMachine(request.Host.Host))
            {
                return $"{request.Scheme}://localhost:{context.Connection.LocalPort}{request.PathBase}";
            }

            return _lastRequestBaseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
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

    private static bool NamesThisMachine(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return IPAddress.IsLoopback(address) || MachineNames.Value.Contains(address.ToString());
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || MachineNames.Value.Contains(host);
    }

    private static HashSet<string> ReadMachineNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Dns.GetHostName() };
        try
        {
            foreach (var unicast in NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses))
            {
                names.Add(unicast.Address.ToString());
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list (a restricted container): the host name and loopback still count.
        }

        return names;
    }
}
