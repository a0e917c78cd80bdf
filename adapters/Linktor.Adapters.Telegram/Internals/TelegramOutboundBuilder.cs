using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// Turns a canonical outbound message into the Bot API call that sends it. Text goes without a
/// parse_mode, so agents' text arrives exactly as typed (no Markdown/HTML escaping to get wrong).
/// </summary>
internal static class TelegramOutboundBuilder
{
    /// <summary>Telegram's limit on an inline button's <c>callback_data</c>.</summary>
    public const int MaxCallbackDataBytes = 64;

    /// <returns>False with <paramref name="refusal"/> when the content cannot be sent to Telegram.</returns>
    public static bool TryBuild(
        long chatId,
        OutboundMessage outbound,
        [NotNullWhen(true)] out TelegramCall? call,
        [NotNullWhen(false)] out SendResult? refusal)
    {
        var content = outbound.Message.Content;
        call = null;
        refusal = null;
        var parameters = new JsonObject { ["chat_id"] = chatId };
        string? method;
        switch (content.Type)
        {
            case ContentTypes.Text when !string.IsNullOrEmpty(content.Text):
                parameters["text"] = content.Text;
                method = "sendMessage";
                break;
            case ContentTypes.Image or ContentTypes.Video or ContentTypes.Audio or ContentTypes.Document or ContentTypes.Sticker:
                method = Media(content, parameters, out refusal);
                break;
            case ContentTypes.Location when content.Location is { } location:
                method = Location(location, parameters);
                break;
            case ContentTypes.Contacts:
                method = Contact(content, parameters, out refusal);
                break;
            case ContentTypes.Interactive when content.Interactive is { Type: "buttons" or "list" } interactive:
                method = Keyboard(interactive, parameters, out refusal);
                break;
            case ContentTypes.Reaction when content.Reaction is { } reaction:
                method = Reaction(chatId, reaction, parameters, out refusal);
                break;
            case ContentTypes.Text or ContentTypes.Location or ContentTypes.Reaction:
            case ContentTypes.Interactive when content.Interactive is null:
                refusal = Invalid($"A {content.Type} message without its {content.Type} part.");
                return false;
            default:
                refusal = SendResult.Permanent("unsupported_content", $"Telegram cannot carry '{content.Type}' messages{(content.Interactive is { } i ? $" of type '{i.Type}'" : "")}.");
                return false;
        }

        if (method is null)
        {
            refusal ??= Invalid("The message cannot be sent to Telegram.");
            return false;
        }

        if (method != "setMessageReaction" && Quote(chatId, outbound.ReplyToExternalId) is { } quote)
        {
            parameters["reply_parameters"] = quote;
        }

        call = new TelegramCall(method, parameters);
        return true;
    }

    private static string? Media(MessageContent content, JsonObject parameters, out SendResult? refusal)
    {
        refusal = null;
        // A file Telegram already has (an inbound file_id) goes by id; anything else by URL, which Telegram fetches.
        var file = content.Media?.ProviderMediaId ?? content.Media?.Url;
        if (string.IsNullOrEmpty(file))
        {
            refusal = Invalid($"A {content.Type} message needs media.provider_media_id or media.url.");
            return null;
        }

        var (method, field) = content.Type switch
        {
            ContentTypes.Image => ("sendPhoto", "photo"),
            ContentTypes.Video => ("sendVideo", "video"),
            ContentTypes.Audio => ("sendAudio", "audio"),
            ContentTypes.Sticker => ("sendSticker", "sticker"),
            _ => ("sendDocument", "document"),
        };
        parameters[field] = file;
        if (content.Type != ContentTypes.Sticker && (content.Media?.Caption ?? content.Text) is { Length: > 0 } caption)
        {
            parameters["caption"] = caption;
        }

        return method;
    }

    private static string Location(LocationInfo location, JsonObject parameters)
    {
        parameters["latitude"] = location.Latitude;
        parameters["longitude"] = location.Longitude;
        if (location.Name is null && location.Address is null)
        {
            return "sendLocation";
        }

        // sendVenue wants both; either stands in for the other.
        parameters["title"] = location.Name ?? location.Address;
        parameters["address"] = location.Address ?? location.Name;
        return "sendVenue";
    }

    /// <summary>Telegram shares one contact per message (<c>sendContact</c>), with a phone number.</summary>
    private static string? Contact(MessageContent content, JsonObject parameters, out SendResult? refusal)
    {
        refusal = null;
        if (content.Contacts is not [{ } card] || card.Phones is not [{ } phone, ..] || string.IsNullOrWhiteSpace(phone))
        {
            refusal = SendResult.Permanent("unsupported_content", "Telegram shares exactly one contact card per message, and it needs a phone number.");
            return null;
        }

        parameters["phone_number"] = phone;
        parameters["first_name"] = string.IsNullOrWhiteSpace(card.Name) ? phone : card.Name;
        return "sendContact";
    }

    /// <summary>
    /// Buttons and list rows become an inline keyboard: buttons side by side in one row (as Telegram
    /// apps show short choices), list rows one per row. A press comes back as a callback query
    /// whose data is the option's id.
    /// </summary>
    private static string? Keyboard(InteractiveContent interactive, JsonObject parameters, out SendResult? refusal)
    {
        refusal = null;
        var text = string.Join("\n\n", new[] { interactive.Header, interactive.Body, interactive.Footer }.Where(part => !string.IsNullOrWhiteSpace(part)));
        var rows = interactive.Type == "buttons"
            ? interactive.Buttons is { Count: > 0 } buttons ? [buttons] : []
            : (interactive.Sections ?? []).SelectMany(section => section.Rows).Select(row => (IReadOnlyList<InteractiveOption>)[row]).ToList();
        if (text.Length == 0 || rows.Count == 0)
        {
            refusal = Invalid("An interactive message needs a body and at least one option.");
            return null;
        }

        if (rows.SelectMany(row => row).FirstOrDefault(option => option.Id.Length == 0 || Encoding.UTF8.GetByteCount(option.Id) > MaxCallbackDataBytes) is { } tooLong)
        {
            refusal = Invalid($"Telegram button data is 1–{MaxCallbackDataBytes} bytes; the option id '{tooLong.Id}' is not.");
            return null;
        }

        parameters["text"] = text;
        parameters["reply_markup"] = new JsonObject
        {
            ["inline_keyboard"] = new JsonArray([.. rows.Select(row => new JsonArray([.. row.Select(option => new JsonObject
            {
                ["text"] = option.Title,
                ["callback_data"] = option.Id,
            })]))]),
        };
        return "sendMessage";
    }

    private static string? Reaction(long chatId, ReactionContent reaction, JsonObject parameters, out SendResult? refusal)
    {
        refusal = null;
        if (!TelegramMessageRef.TryParse(reaction.ExternalMessageId, out var target) || target.ChatId != chatId)
        {
            refusal = Invalid("A Telegram reaction needs reaction.external_message_id of a message in this chat (\"{chat_id}:{message_id}\").");
            return null;
        }

        parameters["message_id"] = target.MessageId;
        // An empty emoji clears the bot's reaction.
        parameters["reaction"] = reaction.Emoji.Length == 0
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["type"] = "emoji", ["emoji"] = reaction.Emoji });
        return "setMessageReaction";
    }

    /// <summary>
    /// Quotes the message a reply answers. A quote that is gone (deleted) must not stop the reply,
    /// hence <c>allow_sending_without_reply</c>; ids that are not Telegram messages are not quoted.
    /// </summary>
    private static JsonObject? Quote(long chatId, string? replyToExternalId)
    {
        if (!TelegramMessageRef.TryParse(replyToExternalId, out var quoted))
        {
            return null;
        }

        var quote = new JsonObject { ["message_id"] = quoted.MessageId, ["allow_sending_without_reply"] = true };
        if (quoted.ChatId != chatId)
        {
            quote["chat_id"] = quoted.ChatId;
        }

        return quote;
    }

    private static SendResult Invalid(string message) => SendResult.Permanent("invalid_content", message);
}
