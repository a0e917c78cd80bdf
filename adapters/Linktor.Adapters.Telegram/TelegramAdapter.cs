using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Linktor.Adapters.Telegram.Internals;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Microsoft.Extensions.Logging;

namespace Linktor.Adapters.Telegram;

/// <summary>
/// A Telegram bot over the Bot API (<c>{api_base_url}bot{token}/{method}</c>, JSON POST). Inbound
/// updates arrive on the channel's webhook, registered with <c>setWebhook</c> and authenticated by
/// the <c>secret_token</c> Telegram echoes in a header. Addresses are chat ids.
/// </summary>
public sealed partial class TelegramAdapter(IHttpClientFactory httpClientFactory, ILogger<TelegramAdapter> logger) : IChannelAdapter
{
    /// <summary>Telegram's limit for a secret token: 1–256 of <c>A-Z a-z 0-9 _ -</c>.</summary>
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>The length of a generated secret token (288 bits of randomness).</summary>
    private const int GeneratedSecretLength = 48;

    /// <summary>
    /// What a bot can carry. Media limits are those of sending by URL or file_id (20 MB; photos
    /// 5 MB), which is how this adapter sends; bots also download inbound files only up to 20 MB.
    /// There are no delivery or read receipts for bot messages. A bot may write first, but only to
    /// a chat that started it (or a group it is in); others answer 403, mapped to <c>cannot_initiate</c>.
    /// </summary>
    private static readonly ChannelCapabilities Capabilities = new()
    {
        ContentTypes =
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
            ContentTypes.Sticker, ContentTypes.Location, ContentTypes.Contacts, ContentTypes.Interactive, ContentTypes.Reaction,
        ],
        MaxTextLength = 4096,
        MaxMediaBytes = 20L * 1024 * 1024,
        Interactive = true,
        Templates = false,
        DeliveryReceipts = false,
        ReadReceipts = false,
        CanInitiate = true,
        ReplyWindow = null,
    };

    /// <summary>
    /// The Bot FAQ's limits: about 30 messages/s across chats, and about 1 message/s in one chat
    /// (short bursts tolerated). Groups are stricter still (20/min); a 429 then says how long to wait.
    /// </summary>
    private static readonly ChannelRateLimits DefaultRateLimits = new(PerSecond: 30, Burst: 30, RecipientPerSecond: 1, RecipientBurst: 3);

    private HttpClient Client => httpClientFactory.CreateClient(TelegramSettingKeys.HttpClientName);

    public ChannelType Type => ChannelType.Telegram;

    /// <summary>The Bot API, which also serves bot files (<c>file/bot{token}/…</c>, channels.md §2.4).</summary>
    public ProviderHosts Hosts { get; } = ProviderHosts.Of(["api.telegram.org"], ["api.telegram.org"], []);

    public ChannelCapabilities GetCapabilities(ChannelSettings settings) => Capabilities;

    public ChannelRateLimits GetRateLimits(ChannelSettings settings) => DefaultRateLimits.WithOverrides(settings);

    /// <summary>A Telegram channel has only the common config keys.</summary>
    private static readonly IReadOnlySet<string> NoConfigKeys = new HashSet<string>();

    public IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings)
    {
        var errors = ChannelConfigKeys.Validate(settings, "Telegram", NoConfigKeys, TelegramSettingKeys.Credentials);

        if (settings.Secret(TelegramSettingKeys.BotToken) is not { } token)
        {
            errors[$"credentials.{TelegramSettingKeys.BotToken}"] = ["Required: the bot's token from @BotFather."];
        }
        else if (!BotTokenFormat().IsMatch(token))
        {
            errors[$"credentials.{TelegramSettingKeys.BotToken}"] = ["Must look like 123456789:AAH… (the bot id, a colon, and the secret part)."];
        }

        if (settings.Credentials.TryGetValue(TelegramSettingKeys.SecretToken, out var secret) && !SecretTokenFormat().IsMatch(secret))
        {
            errors[$"credentials.{TelegramSettingKeys.SecretToken}"] = ["Must be 1–256 characters of A-Z, a-z, 0-9, _ and -."];
        }

        return errors;
    }

    /// <summary>Generates the webhook's <c>secret_token</c> when the channel brings none.</summary>
    public ChannelSettings Prepare(ChannelSettings settings)
    {
        if (settings.Secret(TelegramSettingKeys.SecretToken) is not null)
        {
            return settings;
        }

        var credentials = new Dictionary<string, string>(settings.Credentials, StringComparer.Ordinal)
        {
            [TelegramSettingKeys.SecretToken] = RandomNumberGenerator.GetString(SecretAlphabet, GeneratedSecretLength),
        };
        return settings with { Credentials = credentials };
    }

    /// <summary>
    /// A chat id (an integer, negative for groups) in invariant decimal form, the form inbound updates
    /// give. <c>@channelusername</c> is refused: the Bot API takes it only for public channels and
    /// supergroups, whose updates name them by numeric id, so it would split one chat into two contacts.
    /// </summary>
    public string? NormalizeAddress(string address) =>
        TelegramChatId.TryParse(address, out var chatId) ? TelegramChatId.Format(chatId) : null;

    /// <summary>
    /// Telegram has no body signature: the header must carry the <c>secret_token</c> given to
    /// <c>setWebhook</c> (401 when absent, 403 when different; compared in constant time).
    /// </summary>
    public WebhookVerdict VerifyWebhook(ChannelSettings settings, WebhookRequest request)
    {
        if (settings.Secret(TelegramSettingKeys.SecretToken) is not { } expected)
        {
            return WebhookVerdict.Unauthorized("The channel has no secret_token; its webhook was never registered.");
        }

        if (request.Header(TelegramSettingKeys.SecretTokenHeader) is not { Length: > 0 } actual)
        {
            return WebhookVerdict.Unauthorized($"Missing {TelegramSettingKeys.SecretTokenHeader} header.");
        }

        return Signatures.FixedTimeEquals(expected, actual)
            ? WebhookVerdict.Accept()
            : WebhookVerdict.Forbidden($"The {TelegramSettingKeys.SecretTokenHeader} header does not match the channel's secret_token.");
    }

    public IReadOnlyList<InboundEvent> ParseWebhook(ChannelSettings settings, WebhookRequest request) =>
        WebhookFormatException.Guard("Telegram", () => TelegramUpdateParser.Parse(request.Body));

    /// <summary>"123456789:" then the secret part, 30+ URL-safe characters (35 in today's tokens).</summary>
    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{30,100}$")]
    private static partial Regex BotTokenFormat();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretTokenFormat();
}
