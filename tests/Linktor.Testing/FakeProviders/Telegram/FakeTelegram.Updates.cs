using System.Text;
using System.Text.Json.Nodes;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// Builders of the webhook payloads Telegram posts (one <c>Update</c> per request, JSON) and of the
/// secret header that authenticates them. Private chats (positive ids) come from the user with the
/// same id; group chats (negative ids) from <c>fromId</c> when given.
/// </summary>
public sealed partial class FakeTelegram
{
    /// <summary>The header in which Telegram echoes <c>setWebhook</c>'s <c>secret_token</c>.</summary>
    public const string SecretHeaderName = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>The header Telegram sends with every webhook call for a bot registered with <paramref name="secretToken"/>.</summary>
    public static KeyValuePair<string, string> SecretHeader(string secretToken) => new(SecretHeaderName, secretToken);

    /// <summary>
    /// The header for the secret of the last <c>setWebhook</c> this fake received.
    /// </summary>
    /// <exception cref="InvalidOperationException">No webhook was registered with a secret.</exception>
    public KeyValuePair<string, string> RegisteredSecretHeader() =>
        SecretHeader(WebhookSecretToken ?? throw new InvalidOperationException("No setWebhook with a secret_token has been received."));

    /// <summary>A webhook delivery as Telegram makes it: POST <paramref name="update"/> as JSON to <paramref name="webhookUrl"/> with the secret header.</summary>
    public static HttpRequestMessage WebhookPost(Uri webhookUrl, byte[] update, string secretToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = new ByteArrayContent(update) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(SecretHeaderName, secretToken);
        return request;
    }

    /// <summary>
    /// A text message (<c>message.text</c>); its Linktor external id is <c>"{chatId}:{messageId}"</c>.
    /// <c>replyToMessageId</c> makes it quote that message of the same chat (<c>reply_to_message</c>);
    /// <c>fromId</c> is the sender in a group chat (a private chat's sender is the chat's id).
    /// <c>at</c> is its <c>date</c> (default: now).
    /// </summary>
    public static byte[] TextUpdate(
        long updateId, long chatId, long messageId, string text, string firstName = "Ana", DateTimeOffset? at = null,
        long? replyToMessageId = null, long? fromId = null)
    {
        var message = Message(chatId, messageId, firstName, at, fromId);
        message["text"] = text;
        if (replyToMessageId is { } quoted)
        {
            message["reply_to_message"] = new JsonObject
            {
                ["message_id"] = quoted,
                ["chat"] = Chat(chatId, firstName),
                ["date"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() - 60,
                ["text"] = "(quoted message)",
            };
        }

        return Update(updateId, "message", message);
    }

    /// <summary>A photo (<c>message.photo</c>, a small and a large size; the large one has <paramref name="fileId"/>).</summary>
    public static byte[] PhotoUpdate(
        long updateId, long chatId, long messageId, string fileId, string? caption = null, string firstName = "Ana", DateTimeOffset? at = null)
    {
        var message = Message(chatId, messageId, firstName, at);
        message["photo"] = new JsonArray(
            new JsonObject { ["file_id"] = fileId + "_s", ["file_unique_id"] = "small", ["file_size"] = 1140, ["width"] = 51, ["height"] = 90 },
            new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "large", ["file_size"] = 104737, ["width"] = 720, ["height"] = 1280 });
        if (caption is not null)
        {
            message["caption"] = caption;
        }

        return Update(updateId, "message", message);
    }

    /// <summary>A document (<c>message.document</c>) with its file name and MIME type.</summary>
    public static byte[] DocumentUpdate(
        long updateId, long chatId, long messageId, string fileId, string fileName = "invoice.pdf", string mimeType = "application/pdf",
        string? caption = null, string firstName = "Ana", DateTimeOffset? at = null)
    {
        var message = Message(chatId, messageId, firstName, at);
        message["document"] = new JsonObject
        {
            ["file_name"] = fileName, ["mime_type"] = mimeType, ["file_id"] = fileId, ["file_unique_id"] = "doc", ["file_size"] = 48213,
        };
        if (caption is not null)
        {
            message["caption"] = caption;
        }

        return Update(updateId, "message", message);
    }

    /// <summary>A shared location (<c>message.location</c>).</summary>
    public static byte[] LocationUpdate(
        long updateId, long chatId, long messageId, double latitude, double longitude, string firstName = "Ana", DateTimeOffset? at = null)
    {
        var message = Message(chatId, messageId, firstName, at);
        message["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude };
        return Update(updateId, "message", message);
    }

    /// <summary>
    /// An edit of message <paramref name="messageId"/> (<c>edited_message</c>, new text, <c>edit_date</c>).
    /// </summary>
    public static byte[] EditedMessageUpdate(
        long updateId, long chatId, long messageId, string text, DateTimeOffset editedAt, string firstName = "Ana", DateTimeOffset? sentAt = null)
    {
        var message = Message(chatId, messageId, firstName, sentAt ?? editedAt.AddMinutes(-1));
        message["edit_date"] = editedAt.ToUnixTimeSeconds();
        message["text"] = text;
        return Update(updateId, "edited_message", message);
    }

    /// <summary>
    /// A press on an inline-keyboard button of the bot's message <paramref name="messageId"/>
    /// (<c>callback_query</c> with <c>data</c> = <paramref name="data"/>). The message carries
    /// <paramref name="buttons"/> (text, callback data) as its keyboard; by default one button
    /// titled <paramref name="buttonText"/> (or the data). Linktor stores it as <c>"cbq:{callbackQueryId}"</c>.
    /// </summary>
    public static byte[] CallbackQueryUpdate(
        long updateId, long chatId, long messageId, string callbackQueryId, string data, string? buttonText = null,
        IReadOnlyList<(string Text, string Data)>? buttons = null, string firstName = "Ana")
    {
        var keyboard = buttons ?? [(buttonText ?? data, data)];
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = 7123456789, ["is_bot"] = true, ["first_name"] = "Linktor Fake", ["username"] = "linktor_fake_bot" },
            ["chat"] = Chat(chatId, firstName),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60,
            ["text"] = "Choose an option",
            ["reply_markup"] = new JsonObject
            {
                ["inline_keyboard"] = new JsonArray(new JsonArray([.. keyboard.Select(b => new JsonObject { ["text"] = b.Text, ["callback_data"] = b.Data })])),
            },
        };
        var callback = new JsonObject
        {
            ["id"] = callbackQueryId,
            ["from"] = User(chatId > 0 ? chatId : 123456789, firstName),
            ["message"] = message,
            ["chat_instance"] = "-3446823740213579061",
            ["data"] = data,
        };
        return Update(updateId, "callback_query", callback);
    }

    private static JsonObject Message(long chatId, long messageId, string firstName, DateTimeOffset? at, long? fromId = null) => new()
    {
        ["message_id"] = messageId,
        ["from"] = User(fromId ?? (chatId > 0 ? chatId : 123456789), firstName),
        ["chat"] = Chat(chatId, firstName),
        ["date"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
    };

    private static JsonObject User(long id, string firstName) => new()
    {
        ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = "en",
    };

    private static JsonObject Chat(long chatId, string firstName) => chatId > 0
        ? new JsonObject { ["id"] = chatId, ["first_name"] = firstName, ["type"] = "private" }
        : new JsonObject { ["id"] = chatId, ["title"] = "Fake group", ["type"] = "supergroup" };

    private static byte[] Update(long updateId, string kind, JsonObject payload) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["update_id"] = updateId, [kind] = payload }.ToJsonString());
}
