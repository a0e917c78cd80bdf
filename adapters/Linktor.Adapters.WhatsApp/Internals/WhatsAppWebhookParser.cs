using System.Text.Json;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>
/// Reads a WhatsApp Business Account webhook:
/// <c>{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{metadata, contacts, messages|statuses|errors}}]}]}</c>.
/// Meta batches: several entries, changes, messages and statuses may come in one call; every one
/// becomes an event, in payload order.
/// </summary>
internal static class WhatsAppWebhookParser
{
    public static IReadOnlyList<InboundEvent> Parse(byte[] body, string? phoneNumberId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException("The WhatsApp webhook body is not JSON.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookFormatException("The WhatsApp webhook body is not a JSON object.");
            }

            // Another Meta product posting here (a page, an Instagram account) has nothing for this channel.
            if (GraphJson.String(root, "object") != "whatsapp_business_account")
            {
                return [];
            }

            var events = new List<InboundEvent>();
            foreach (var entry in GraphJson.Array(root, "entry"))
            {
                foreach (var change in GraphJson.Array(entry, "changes"))
                {
                    if (GraphJson.String(change, "field") is { } field && field != "messages")
                    {
                        continue; // template status, account updates, ...: not conversations
                    }

                    if (GraphJson.Object(change, "value") is { } value && IsForThisNumber(value, phoneNumberId))
                    {
                        ReadValue(value, events);
                    }
                }
            }

            return events;
        }
    }

    /// <summary>
    /// Meta posts every number of an app to the one callback URL; a change for another number belongs to
    /// another channel and is skipped here.
    /// </summary>
    private static bool IsForThisNumber(JsonElement value, string? phoneNumberId) =>
        phoneNumberId is null
        || GraphJson.Object(value, "metadata") is not { } metadata
        || GraphJson.String(metadata, "phone_number_id") is not { } target
        || target == phoneNumberId;

    private static void ReadValue(JsonElement value, List<InboundEvent> events)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var contact in GraphJson.Array(value, "contacts"))
        {
            if (GraphJson.String(contact, "wa_id") is { } waId
                && GraphJson.Object(contact, "profile") is { } profile
                && GraphJson.String(profile, "name") is { Length: > 0 } name)
            {
                names[waId] = name;
            }
        }

        foreach (var message in GraphJson.Array(value, "messages"))
        {
            events.Add(Message(message, names));
        }

        foreach (var status in GraphJson.Array(value, "statuses"))
        {
            if (Status(status) is { } parsed)
            {
                events.Add(parsed);
            }
        }

        foreach (var error in GraphJson.Array(value, "errors"))
        {
            var graphError = GraphError.FromElement(error);
            events.Add(new ProviderErrorEvent(graphError.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", graphError.Describe()));
        }
    }

    private static InboundMessageEvent Message(JsonElement message, Dictionary<string, string> names)
    {
        var from = GraphJson.String(message, "from") ?? throw new WebhookFormatException("A WhatsApp message has no 'from'.");
        var id = GraphJson.String(message, "id") ?? throw new WebhookFormatException("A WhatsApp message has no 'id'.");

        // The contact's wa_id can differ from 'from' (Meta normalizes some countries' numbers); with one contact it is theirs.
        var name = names.GetValueOrDefault(from) ?? (names.Count == 1 ? names.Values.First() : null);
        var context = GraphJson.Object(message, "context");
        return new InboundMessageEvent(
            WhatsAppAddress.Normalize(from) ?? from,
            new InboundMessage
            {
                Content = Content(message),
                ExternalId = id,
                SentAt = GraphJson.UnixTime(message, "timestamp"),
                Profile = new ContactProfileHint { Name = name, Phone = "+" + from },
            },
            ReplyToExternalId: context is { } c ? GraphJson.String(c, "id") : null);
    }

    private static MessageContent Content(JsonElement message)
    {
        var type = GraphJson.String(message, "type") ?? "unknown";
        var body = GraphJson.Object(message, type);
        return (type, body) switch
        {
            ("text", { } text) => MessageContent.FromText(GraphJson.String(text, "body") ?? ""),
            ("image" or "video" or "audio" or "document" or "sticker", { } media) => new MessageContent
            {
                Type = type,
                Media = new MediaInfo
                {
                    ProviderMediaId = GraphJson.String(media, "id"),
                    MimeType = GraphJson.String(media, "mime_type"),
                    Filename = GraphJson.String(media, "filename"),
                    Caption = GraphJson.String(media, "caption"),
                    Size = GraphJson.Long(media, "file_size"),
                },
            },
            ("location", { } location) when GraphJson.Double(location, "latitude") is { } lat && GraphJson.Double(location, "longitude") is { } lng =>
                new MessageContent
                {
                    Type = ContentTypes.Location,
                    Location = new LocationInfo
                    {
                        Latitude = lat,
                        Longitude = lng,
                        Name = GraphJson.String(location, "name"),
                        Address = GraphJson.String(location, "address"),
                    },
                },
            ("contacts", _) => Contacts(message),
            ("interactive", { } interactive) => InteractiveReply(interactive),
            ("button", { } button) => Reply("button_reply", GraphJson.String(button, "payload") ?? GraphJson.String(button, "text") ?? "", GraphJson.String(button, "text"), null),
            ("reaction", { } reaction) => new MessageContent
            {
                Type = ContentTypes.Reaction,
                Reaction = new ReactionContent
                {
                    ExternalMessageId = GraphJson.String(reaction, "message_id"),
                    Emoji = GraphJson.String(reaction, "emoji") ?? "", // absent or "": the reaction was removed
                },
            },
            _ => Unsupported(type, message),
        };
    }

    private static MessageContent Contacts(JsonElement message)
    {
        var cards = GraphJson.Array(message, "contacts").Select(contact => new ContactCard
        {
            Name = GraphJson.Object(contact, "name") is { } name
                ? GraphJson.String(name, "formatted_name") ?? string.Join(' ', new[] { GraphJson.String(name, "first_name"), GraphJson.String(name, "last_name") }.OfType<string>())
                : null,
            Phones = [.. GraphJson.Array(contact, "phones").Select(p => GraphJson.String(p, "phone") ?? GraphJson.String(p, "wa_id")).OfType<string>()],
            Emails = [.. GraphJson.Array(contact, "emails").Select(e => GraphJson.String(e, "email")).OfType<string>()],
        }).ToList();
        return new MessageContent { Type = ContentTypes.Contacts, Contacts = cards };
    }

    private static MessageContent InteractiveReply(JsonElement interactive)
    {
        var kind = GraphJson.String(interactive, "type");
        return kind is "button_reply" or "list_reply" && GraphJson.Object(interactive, kind) is { } reply
            ? Reply(kind, GraphJson.String(reply, "id") ?? "", GraphJson.String(reply, "title"), GraphJson.String(reply, "description"))
            : new MessageContent { Type = ContentTypes.Unsupported, Text = $"WhatsApp interactive reply of type '{kind}'." };
    }

    private static MessageContent Reply(string kind, string id, string? title, string? description) => new()
    {
        Type = ContentTypes.Interactive,
        Interactive = new InteractiveContent
        {
            Type = kind,
            Reply = new InteractiveOption { Id = id, Title = title ?? id, Description = description },
        },
    };

    private static MessageContent Unsupported(string type, JsonElement message)
    {
        var error = GraphJson.Array(message, "errors").Select(GraphError.FromElement).FirstOrDefault();
        var text = type switch
        {
            "unsupported" or "unknown" => "A WhatsApp message of a type WhatsApp does not pass on",
            "system" when GraphJson.Object(message, "system") is { } system && GraphJson.String(system, "body") is { } body => $"WhatsApp system message: {body}",
            _ => $"A WhatsApp '{type}' message",
        };
        return new MessageContent
        {
            Type = ContentTypes.Unsupported,
            Text = error is null ? text + "." : $"{text} ({error.Describe()}).",
        };
    }

    private static InboundStatusEvent? Status(JsonElement status)
    {
        MessageStatus? parsed = GraphJson.String(status, "status") switch
        {
            "sent" => MessageStatus.Sent,
            "delivered" => MessageStatus.Delivered,
            "read" or "played" => MessageStatus.Read, // 'played' (a voice note was listened to) implies read
            "failed" => MessageStatus.Failed,
            _ => null, // 'deleted', 'warning', newer kinds: not a delivery step
        };
        if (parsed is not { } value || GraphJson.String(status, "id") is not { } id)
        {
            return null;
        }

        MessageError? error = null;
        if (GraphJson.Array(status, "errors").Select(GraphError.FromElement).FirstOrDefault() is { } graphError)
        {
            error = new MessageError(WhatsAppErrorCodes.Find(graphError.Code)?.Code ?? "provider_error", graphError.Describe());
        }
        else if (value == MessageStatus.Failed)
        {
            error = new MessageError("provider_error", "WhatsApp reported the message as failed without a reason.");
        }

        return new InboundStatusEvent(
            id,
            value,
            GraphJson.UnixTime(status, "timestamp") ?? DateTimeOffset.UtcNow,
            error,
            GraphJson.String(status, "recipient_id"));
    }
}
