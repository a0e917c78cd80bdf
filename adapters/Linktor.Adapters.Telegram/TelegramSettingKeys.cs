namespace Linktor.Adapters.Telegram;

/// <summary>The config and credential names of a Telegram channel, and the provider's fixed names.</summary>
public static class TelegramSettingKeys
{
    /// <summary>Credential: the bot's token from @BotFather (<c>123456789:AA…</c>). Required.</summary>
    public const string BotToken = "bot_token";

    /// <summary>
    /// Credential: the secret Telegram echoes in <see cref="SecretTokenHeader"/> on every webhook call.
    /// Optional on create: <see cref="TelegramAdapter.Prepare"/> generates one when absent.
    /// </summary>
    public const string SecretToken = "secret_token";

    /// <summary>Where the Bot API lives unless the channel's <c>api_base_url</c> says otherwise.</summary>
    public const string DefaultApiBaseUrl = "https://api.telegram.org/";

    /// <summary>The header carrying the <c>secret_token</c> given to <c>setWebhook</c>.</summary>
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> the adapter uses.</summary>
    public const string HttpClientName = "linktor.telegram";

    public static readonly IReadOnlySet<string> Credentials = new HashSet<string>(StringComparer.Ordinal) { BotToken, SecretToken };
}
