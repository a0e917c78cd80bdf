using System.Text.Json.Nodes;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>
/// The JSON body of <c>POST /{version}/{phone_number_id}/messages</c> for a canonical message:
/// <c>{"messaging_product":"whatsapp","recipient_type":"individual","to","type","&lt;type&gt;":{…},"context"?}</c>.
/// </summary>
internal static class WhatsAppMessageBody
{
    /// <summary>WhatsApp shows at most three reply buttons; longer choices go as a list.</summary>
    public const int MaxReplyButtons = 3;

    /// <summary>The body, or why the content cannot go to WhatsApp.</summary>
    /// <param name="message">The stored message and its recipient's wa_id.</param>
    /// <param name="mediaId">A media id uploaded for this send (<see cref="WhatsAppMediaUpload.Upload"/>), used instead of the URL.</param>
    public static Result Build(OutboundMessage message, string? mediaId = null)
    {
        var content = message.Message.Content;
        var built = content.Type switch
        {
            ContentTypes.Text => Text(content),
            ContentTypes.Image or ContentTypes.Video or ContentTypes.Audio or ContentTypes.Document or ContentTypes.Sticker => Media(content, mediaId),
            ContentTypes.Location => Location(content),
            ContentTypes.Contacts => Contacts(content),
            ContentTypes.Interactive => Interactive(content),
            ContentTypes.Template => Template(content),
            ContentTypes.Reaction => Reaction(content),
            _ => Result.Unsupported($"WhatsApp cannot carry '{content.Type}' messages."),
        };
        if (built.Json is not { } payload)
        {
            return built;
        }

        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = message.RecipientAddress,
            ["type"] = content.Type,
            [content.Type] = payload,
        };

        // A reaction names its message itself; anything else may quote one.
        if (message.ReplyToExternalId is { Length: > 0 } replyTo && content.Type != ContentTypes.Reaction)
        {
            body["context"] = new JsonObject { ["message_id"] = replyTo };
        }

        return new Result(body, null);
    }

    private static Result Text(MessageContent content) =>
        string.IsNullOrEmpty(content.Text)
            ? Result.Unsupported("A text message needs content.text.")
            : Result.Of(new JsonObject { ["preview_url"] = false, ["body"] = content.Text });

    private static Result Media(MessageContent content, string? mediaId)
    {
        var media = content.Media;
        var payload = new JsonObject();
        if ((mediaId ?? media?.ProviderMediaId) is { Length: > 0 } id)
        {
            payload["id"] = id;
        }
        else if (media?.Url is { Length: > 0 } url)
        {
            payload["link"] = url;
        }
        else
        {
            return Result.Unsupported($"A {content.Type} message needs content.media.url or a provider media id.");
        }

        // WhatsApp takes captions on images, videos and documents only; audio and stickers refuse them.
        if (content.Type is ContentTypes.Image or ContentTypes.Video or ContentTypes.Document
            && (media?.Caption ?? content.Text) is { Length: > 0 } caption)
        {
            payload["caption"] = caption;
        }

        if (content.Type == ContentTypes.Document && media?.Filename is { Length: > 0 } filename)
        {
            payload["filename"] = filename;
        }

        return Result.Of(payload);
    }

    private static Result Location(MessageContent content)
    {
        if (content.Location is not { } location)
        {
            return Result.Unsupported("A location message needs content.location.");
        }

        var payload = new JsonObject { ["latitude"] = location.Latitude, ["longitude"] = location.Longitude };
        if (location.Name is { Length: > 0 } name)
        {
            payload["name"] = name;
        }

        if (location.Address is { Length: > 0 } address)
        {
            payload["address"] = address;
        }

        return Result.Of(payload);
    }

    private static Result Contacts(MessageContent content)
    {
        if (content.Contacts is not { Count: > 0 } cards)
        {
            return Result.Unsupported("A contacts message needs at least one card in content.contacts.");
        }

        var array = new JsonArray();
        foreach (var card in cards)
        {
            // WhatsApp requires name.formatted_name plus one more name part.
            var name = card.Name ?? (card.Phones is { Count: > 0 } p ? p[0] : null) ?? (card.Emails is { Count: > 0 } e ? e[0] : null) ?? "Contact";
            var contact = new JsonObject { ["name"] = new JsonObject { ["formatted_name"] = name, ["first_name"] = name } };
            if (card.Phones is { Count: > 0 } phones)
            {
                contact["phones"] = new JsonArray([.. phones.Select(p => (JsonNode)new JsonObject { ["phone"] = p })]);
            }

            if (card.Emails is { Count: > 0 } emails)
            {
                contact["emails"] = new JsonArray([.. emails.Select(e => (JsonNode)new JsonObject { ["email"] = e })]);
            }

            array.Add(contact);
        }

        return Result.Of(array);
    }

    private static Result Interactive(MessageContent content)
    {
        if (content.Interactive is not { } interactive || string.IsNullOrEmpty(interactive.Body))
        {
            return Result.Unsupported("An interactive message needs content.interactive.body.");
        }

        JsonObject action;
        string type;
        switch (interactive.Type)
        {
            case "buttons" or "button":
                if (interactive.Buttons is not { Count: > 0 and <= MaxReplyButtons } buttons)
                {
                    return Result.Unsupported($"WhatsApp reply buttons: 1 to {MaxReplyButtons} buttons (send more choices as a list).");
                }

                type = "button";
                action = new JsonObject
                {
                    ["buttons"] = new JsonArray([.. buttons.Select(b => (JsonNode)new JsonObject
                    {
                        ["type"] = "reply",
                        ["reply"] = new JsonObject { ["id"] = b.Id, ["title"] = b.Title },
                    })]),
                };
                break;
            case "list":
                if (interactive.Sections is not { Count: > 0 } sections)
                {
                    return Result.Unsupported("A WhatsApp list needs at least one section.");
                }

                type = "list";
                action = new JsonObject
                {
                    ["button"] = interactive.ListButton ?? "Options",
                    ["sections"] = new JsonArray([.. sections.Select(Section)]),
                };
                break;
            default:
                return Result.Unsupported($"WhatsApp cannot send interactive '{interactive.Type}' messages (only buttons and list).");
        }

        var payload = new JsonObject { ["type"] = type };
        if (interactive.Header is { Length: > 0 } header)
        {
            payload["header"] = new JsonObject { ["type"] = "text", ["text"] = header };
        }

        payload["body"] = new JsonObject { ["text"] = interactive.Body };
        if (interactive.Footer is { Length: > 0 } footer)
        {
            payload["footer"] = new JsonObject { ["text"] = footer };
        }

        payload["action"] = action;
        return Result.Of(payload);
    }

    private static JsonNode Section(InteractiveSection section)
    {
        var node = new JsonObject();
        if (section.Title is { Length: > 0 } title)
        {
            node["title"] = title;
        }

        node["rows"] = new JsonArray([.. section.Rows.Select(row =>
        {
            var item = new JsonObject { ["id"] = row.Id, ["title"] = row.Title };
            if (row.Description is { Length: > 0 } description)
            {
                item["description"] = description;
            }

            return (JsonNode)item;
        })]);
        return node;
    }

    private static Result Template(MessageContent content)
    {
        if (content.Template is not { } template)
        {
            return Result.Unsupported("A template message needs content.template.");
        }

        var payload = new JsonObject
        {
            ["name"] = template.Name,
            ["language"] = new JsonObject { ["code"] = template.Language },
        };
        if (template.Parameters is { Count: > 0 } parameters)
        {
            payload["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
            });
        }

        return Result.Of(payload);
    }

    private static Result Reaction(MessageContent content) =>
        content.Reaction is { ExternalMessageId: { Length: > 0 } target } reaction
            ? Result.Of(new JsonObject { ["message_id"] = target, ["emoji"] = reaction.Emoji })
            : Result.Unsupported("A WhatsApp reaction needs the WhatsApp id (wamid) of the message it reacts to.");

    /// <summary>A body to send, or (<see cref="Problem"/>) why there is none.</summary>
    public sealed record Result(JsonNode? Json, string? Problem)
    {
        public static Result Of(JsonNode payload) => new(payload, null);

        public static Result Unsupported(string problem) => new(null, problem);
    }
}
