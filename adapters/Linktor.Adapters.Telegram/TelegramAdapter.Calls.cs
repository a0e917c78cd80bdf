using System.Text;
using System.Text.Json.Nodes;
using Linktor.Adapters.Telegram.Internals;
using Linktor.Contracts.Channels;

namespace Linktor.Adapters.Telegram;

/// <summary>Sending and the other Bot API calls.</summary>
public sealed partial class TelegramAdapter
{
    /// <summary>The updates the webhook asks for: messages, their edits, and inline-button presses.</summary>
    private static readonly string[] AllowedUpdates = ["message", "edited_message", "callback_query"];

    /// <summary>
    /// Sends one message with one Bot API call. The external id is <c>"{chat_id}:{message_id}"</c> of
    /// the sent message; a reaction (<c>setMessageReaction</c>) creates no message, so it has none.
    /// </summary>
    public async Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct)
    {
        if (settings.Secret(TelegramSettingKeys.BotToken) is null)
        {
            return SendResult.Permanent("auth_failed", "The channel has no credentials.bot_token.");
        }

        if (!TelegramChatId.TryParse(message.RecipientAddress, out var chatId))
        {
            return SendResult.Permanent("invalid_recipient", $"'{message.RecipientAddress}' is not a Telegram chat id.");
        }

        if (!TelegramOutboundBuilder.TryBuild(chatId, message, out var call, out var refusal))
        {
            return refusal;
        }

        using var request = Request(settings, call);
        return await ProviderHttp.SendAsync(Client, request, async response =>
        {
            var answer = await TelegramApiAnswer.ReadAsync(response, ct);
            if (!answer.Ok)
            {
                return TelegramErrorClassifier.Classify(answer);
            }

            return SendResult.Sent(answer.Result.Child("chat")?.Integer("id") is { } sentChat && answer.Result.Integer("message_id") is { } sentId
                ? new TelegramMessageRef(sentChat, sentId).ToString()
                : null);
        }, ct);
    }

    /// <summary><c>getMe</c>: the bot's id, username and name.</summary>
    public async Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct)
    {
        var (answer, failure) = await AskAsync(settings, new TelegramCall("getMe", []), ct);
        if (answer is not { Ok: true })
        {
            return new ChannelTestResult(false, failure ?? answer!.ErrorText);
        }

        var bot = answer.Result;
        var identity = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in new[]
                 {
                     ("id", bot.Integer("id") is { } id ? TelegramChatId.Format(id) : null),
                     ("username", bot.Text("username")),
                     ("first_name", bot.Text("first_name")),
                 })
        {
            if (value is not null)
            {
                identity[key] = value;
            }
        }

        var detail = $"Connected to the bot @{bot.Text("username")}.";
        if (await WebhookProblemAsync(settings, ct) is { } problem)
        {
            detail += $" {problem}";
        }

        return new ChannelTestResult(true, detail, identity);
    }

    /// <summary>
    /// What <c>getWebhookInfo</c> says is wrong with the webhook (not set, or Telegram's last delivery
    /// error), since a bot that answers <c>getMe</c> can still receive nothing. Null when all is well
    /// or when the question itself fails (the test already reached the bot).
    /// </summary>
    private async Task<string?> WebhookProblemAsync(ChannelSettings settings, CancellationToken ct)
    {
        var (answer, _) = await AskAsync(settings, new TelegramCall("getWebhookInfo", []), ct);
        if (answer is not { Ok: true })
        {
            return null;
        }

        var info = answer.Result;
        if (info.Text("url") is not { Length: > 0 })
        {
            return "No webhook is registered, so no messages will arrive.";
        }

        return info.Text("last_error_message") is { Length: > 0 } error && info.Integer("last_error_date") is { } at
            ? $"Telegram's last webhook delivery failed at {DateTimeOffset.FromUnixTimeSeconds(at):u}: {error}"
            : null;
    }

    /// <summary><c>setWebhook</c> with the channel's secret token, for messages, edits and button presses.</summary>
    public async Task<ChannelTestResult> RegisterWebhookAsync(ChannelSettings settings, Uri webhookUrl, CancellationToken ct)
    {
        if (settings.Secret(TelegramSettingKeys.SecretToken) is not { } secret)
        {
            return new ChannelTestResult(false, "The channel has no credentials.secret_token (Prepare generates one).");
        }

        var call = new TelegramCall("setWebhook", new JsonObject
        {
            ["url"] = webhookUrl.AbsoluteUri,
            ["secret_token"] = secret,
            ["allowed_updates"] = new JsonArray([.. AllowedUpdates.Select(kind => JsonValue.Create(kind))]),
        });
        var (answer, failure) = await AskAsync(settings, call, ct);
        return answer is { Ok: true }
            ? new ChannelTestResult(true, answer.Description is { Length: > 0 } description ? description : "Webhook was set")
            : new ChannelTestResult(false, failure ?? answer!.ErrorText);
    }

    /// <summary>
    /// Answers a button press (<c>answerCallbackQuery</c>) so the user's app stops its spinner. Best
    /// effort: a late or failed answer only leaves the spinner to time out, so failures are logged.
    /// </summary>
    public async Task AcknowledgeAsync(ChannelSettings settings, InboundEvent inbound, CancellationToken ct)
    {
        if (inbound is not InboundMessageEvent { AcknowledgeToken: { } callbackQueryId })
        {
            return;
        }

        var (answer, failure) = await AskAsync(settings, new TelegramCall("answerCallbackQuery", new JsonObject { ["callback_query_id"] = callbackQueryId }), ct);
        if (answer is not { Ok: true })
        {
            LogAcknowledgeFailed(logger, settings.ChannelId, failure ?? answer!.ErrorText);
        }
    }

    /// <summary>
    /// <c>getFile</c>, then the file's download URL (valid for at least an hour). The token is in the
    /// URL, so no headers are needed. Null when Telegram refuses (unknown id, file over 20 MB);
    /// transport failures throw <see cref="HttpRequestException"/> / <see cref="TaskCanceledException"/>.
    /// </summary>
    public async Task<MediaDownload?> ResolveMediaAsync(ChannelSettings settings, string providerMediaId, CancellationToken ct)
    {
        if (settings.Secret(TelegramSettingKeys.BotToken) is not { } token)
        {
            return null;
        }

        using var request = Request(settings, new TelegramCall("getFile", new JsonObject { ["file_id"] = providerMediaId }));
        using var response = await Client.SendAsync(request, ct);
        var answer = await TelegramApiAnswer.ReadAsync(response, ct);
        if (!answer.Ok || answer.Result.Text("file_path") is not { Length: > 0 } filePath)
        {
            LogMediaNotResolved(logger, settings.ChannelId, answer.Ok ? "getFile gave no file_path" : answer.ErrorText);
            return null;
        }

        return new MediaDownload
        {
            Url = $"{BaseUrl(settings)}file/bot{token}/{filePath}",
            Filename = filePath[(filePath.LastIndexOf('/') + 1)..],
        };
    }

    /// <summary>A call whose failure is reported, not thrown: the answer, or why there is none.</summary>
    private async Task<(TelegramApiAnswer? Answer, string? Failure)> AskAsync(ChannelSettings settings, TelegramCall call, CancellationToken ct)
    {
        if (settings.Secret(TelegramSettingKeys.BotToken) is null)
        {
            return (null, "The channel has no credentials.bot_token.");
        }

        try
        {
            using var request = Request(settings, call);
            using var response = await Client.SendAsync(request, ct);
            return (await TelegramApiAnswer.ReadAsync(response, ct), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, "Telegram did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"Telegram could not be reached: {ex.Message}");
        }
    }

    /// <summary>
    /// A JSON POST to <c>{base}bot{token}/{method}</c>. Built as a string: the token's colon would
    /// make a relative URI look like one with a scheme.
    /// </summary>
    private static HttpRequestMessage Request(ChannelSettings settings, TelegramCall call) =>
        new(HttpMethod.Post, $"{BaseUrl(settings)}bot{settings.Secret(TelegramSettingKeys.BotToken)}/{call.Method}")
        {
            Content = new StringContent(call.Parameters.ToJsonString(), Encoding.UTF8, "application/json"),
        };

    private static string BaseUrl(ChannelSettings settings) =>
        ChannelConfigKeys.BaseUrl(settings, TelegramSettingKeys.DefaultApiBaseUrl).AbsoluteUri;
}
