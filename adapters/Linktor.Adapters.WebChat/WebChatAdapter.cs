using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.WebChat;

/// <summary>
/// The web-chat widget on the business's own site. There is no provider: a visitor receives
/// replies over <c>/hubs/webchat</c> from the <c>message.created</c> event, so a send is accepted
/// as soon as it is stored and published.
/// </summary>
public sealed class WebChatAdapter : IChannelAdapter
{
    /// <summary>Config keys a web-chat channel understands (all optional).</summary>
    public static readonly IReadOnlySet<string> ConfigKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "title", "welcome_message", "color", "allowed_origins",
    };

    private static readonly ChannelCapabilities Capabilities = new()
    {
        ContentTypes =
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
            ContentTypes.Location, ContentTypes.Interactive,
        ],
        MaxTextLength = 65536,
        MaxMediaBytes = 25 * 1024 * 1024,
        Interactive = true,
        Templates = false,
        DeliveryReceipts = false,
        ReadReceipts = false,
        CanInitiate = false,
        SentWhenStored = true,
    };

    public ChannelType Type => ChannelType.Webchat;

    public ChannelCapabilities GetCapabilities(ChannelSettings settings) => Capabilities;

    public IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in settings.Config.Keys.Where(k => !ConfigKeys.Contains(k)))
        {
            errors[$"config.{key}"] = [$"Unknown web-chat setting; known: {string.Join(", ", ConfigKeys)}."];
        }

        foreach (var key in settings.Credentials.Keys)
        {
            errors[$"credentials.{key}"] = ["A web-chat channel has no credentials."];
        }

        if (settings.ConfigValue("color") is { } color && !IsHexColor(color))
        {
            errors["config.color"] = ["Must be a hex colour such as #1f6feb."];
        }

        return errors;
    }

    /// <summary>A visitor id is what the session endpoint handed out: a GUID.</summary>
    public string? NormalizeAddress(string address) =>
        Guid.TryParse(address, out var id) ? id.ToString("D") : null;

    public Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(SendResult.Sent(externalId: null));

    public Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct) =>
        Task.FromResult(new ChannelTestResult(true, "Web chat has no provider to reach; the widget is served by this node."));

    private static bool IsHexColor(string value) =>
        value.Length is 4 or 7 && value[0] == '#' && value.Skip(1).All(Uri.IsHexDigit);
}
