using System.Text.Json;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// Reads a webhook's <c>Update</c> (one per request; at most one of its optional fields is set) into
/// canonical events: <c>message</c>, <c>edited_message</c> and <c>callback_query</c>. Other update
/// kinds (channel posts, member changes, ...) give no events.
/// </summary>
internal static class TelegramUpdateParser
{
    public static IReadOnlyList<InboundEvent> Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var update = document.RootElement;
            if (update.Integer("update_id") is null)
            {
                throw new WebhookFormatException("The body is not a Telegram Update (no update_id).");
            }

            InboundEvent? inbound =
                update.Child("message") is { } message ? ReadMessage(message)
                : update.Child("edited_message") is { } edited ? ReadEdit(edited)
                : update.Child("callback_query") is { } callback ? ReadCallbackQuery(callback)
                : null;
            return inbound is null ? [] : [inbound];
        }
    }

    private static InboundMessageEvent? ReadMessage(JsonElement message)
    {
        var reference = Reference(message);
        if (TelegramContentReader.Read(message) is not { } content)
        {
            return null;
        }

        var replyTo = message.Child("reply_to_message") is { } quoted && quoted.Integer("message_id") is { } quotedId
            ? new TelegramMessageRef(quoted.Child("chat")?.Integer("id") ?? reference.ChatId, quotedId).ToString()
            : null;
        return new InboundMessageEvent(
            TelegramChatId.Format(reference.ChatId),
            new InboundMessage
            {
                Content = content,
                ExternalId = reference.ToString(),
                SentAt = Time(message.Integer("date")),
                Profile = TelegramNames.Profile(message.Child("chat"), message.Child("from")),
            },
            replyTo);
    }

    private static InboundEditEvent? ReadEdit(JsonElement message)
    {
        var reference = Reference(message);
        return TelegramContentReader.Read(message) is { } content
            ? new InboundEditEvent(
                TelegramChatId.Format(reference.ChatId),
                reference.ToString(),
                content,
                Time(message.Integer("edit_date")) ?? Time(message.Integer("date")) ?? DateTimeOffset.UtcNow)
            : null;
    }

    /// <summary>
    /// A press on one of our inline-keyboard buttons. It has no timestamp and no message id of its
    /// own: its id (unique, echoed to <c>answerCallbackQuery</c>) names the stored message.
    /// </summary>
    private static InboundMessageEvent ReadCallbackQuery(JsonElement callback)
    {
        var id = callback.Text("id") ?? throw new WebhookFormatException("A callback_query without an id.");
        var from = callback.Child("from");
        var message = callback.Child("message");
        var chat = message?.Child("chat");
        var chatId = chat?.Integer("id") ?? from?.Integer("id")
            ?? throw new WebhookFormatException("A callback_query with neither a message chat nor a sender.");
        var pressedOn = message?.Integer("message_id") is { } messageId ? new TelegramMessageRef(chatId, messageId).ToString() : null;
        var data = callback.Text("data");
        var content = data is null
            ? new MessageContent { Type = ContentTypes.Unsupported, Text = "A Telegram button press without callback data (a game button)." }
            : new MessageContent
            {
                Type = ContentTypes.Interactive,
                Interactive = new InteractiveContent
                {
                    Type = "button_reply",
                    Reply = new InteractiveOption { Id = data, Title = ButtonText(message, data) ?? data },
                },
            };
        return new InboundMessageEvent(
            TelegramChatId.Format(chatId),
            new InboundMessage
            {
                Content = content,
                ExternalId = $"cbq:{id}",
                SentAt = null,
                Profile = TelegramNames.Profile(chat, from),
            },
            pressedOn,
            AcknowledgeToken: id);
    }

    /// <summary>The text of the pressed button, found in the keyboard of the message it was on.</summary>
    private static string? ButtonText(JsonElement? message, string data) =>
        message?.Child("reply_markup") is { } markup
            ? markup.Items("inline_keyboard")
                .SelectMany(row => row.ValueKind == JsonValueKind.Array ? row.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Where(button => button.Text("callback_data") == data)
                .Select(button => button.Text("text"))
                .FirstOrDefault()
            : null;

    private static TelegramMessageRef Reference(JsonElement message) =>
        message.Child("chat")?.Integer("id") is { } chatId && message.Integer("message_id") is { } messageId
            ? new TelegramMessageRef(chatId, messageId)
            : throw new WebhookFormatException("A Telegram message without chat.id or message_id.");

    private static DateTimeOffset? Time(long? unixSeconds) =>
        unixSeconds is > 0 and { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
