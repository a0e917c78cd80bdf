using System.Text.Json;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>Reads the content of a Bot API <c>Message</c> into Linktor's canonical content.</summary>
internal static class TelegramContentReader
{
    /// <summary>
    /// Chat events Telegram delivers as messages (members joining, a title changing, a pin). Nobody
    /// wrote them to the business, so they are not stored as messages.
    /// </summary>
    private static readonly string[] ServiceFields =
    [
        "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo", "delete_chat_photo",
        "group_chat_created", "supergroup_chat_created", "channel_chat_created", "message_auto_delete_timer_changed",
        "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message", "users_shared", "chat_shared",
        "write_access_allowed", "proximity_alert_triggered", "boost_added", "chat_background_set",
        "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
        "general_forum_topic_hidden", "general_forum_topic_unhidden", "video_chat_scheduled", "video_chat_started",
        "video_chat_ended", "video_chat_participants_invited",
    ];

    /// <summary>Content kinds Linktor does not map, named in the unsupported message's text.</summary>
    private static readonly string[] UnsupportedKinds =
    [
        "poll", "dice", "game", "invoice", "story", "paid_media", "checklist", "giveaway", "giveaway_winners",
        "successful_payment", "web_app_data", "passport_data",
    ];

    /// <summary>The message's content, or null for a service message (nothing a contact wrote).</summary>
    public static MessageContent? Read(JsonElement message)
    {
        var caption = message.Text("caption");
        if (message.Text("text") is { } text)
        {
            return MessageContent.FromText(text);
        }

        if (Largest(message.Items("photo")) is { } photo)
        {
            // Telegram re-encodes every photo as JPEG; the PhotoSize carries no MIME type.
            return Media(ContentTypes.Image, photo, caption, "image/jpeg");
        }

        // An animation also fills `document` for old clients, so it is read first.
        if (message.Child("animation") is { } animation)
        {
            var isVideo = animation.Text("mime_type")?.StartsWith("video/", StringComparison.Ordinal) ?? true;
            return Media(isVideo ? ContentTypes.Video : ContentTypes.Document, animation, caption, isVideo ? "video/mp4" : null);
        }

        if (message.Child("video") is { } video)
        {
            return Media(ContentTypes.Video, video, caption);
        }

        if (message.Child("video_note") is { } videoNote)
        {
            return Media(ContentTypes.Video, videoNote, caption, "video/mp4");
        }

        if (message.Child("voice") is { } voice)
        {
            return Media(ContentTypes.Audio, voice, caption, "audio/ogg");
        }

        if (message.Child("audio") is { } audio)
        {
            return Media(ContentTypes.Audio, audio, caption);
        }

        if (message.Child("document") is { } document)
        {
            return Media(ContentTypes.Document, document, caption);
        }

        if (message.Child("sticker") is { } sticker)
        {
            return Media(ContentTypes.Sticker, sticker, caption, StickerMimeType(sticker));
        }

        // A venue message also carries `location`; the venue adds the place's name and address.
        if (message.Child("venue") is { } venue && venue.Child("location") is { } venueLocation && Location(venueLocation) is { } place)
        {
            return new MessageContent
            {
                Type = ContentTypes.Location,
                Location = place with { Name = venue.Text("title"), Address = venue.Text("address") },
            };
        }

        if (message.Child("location") is { } location && Location(location) is { } point)
        {
            return new MessageContent { Type = ContentTypes.Location, Location = point };
        }

        if (message.Child("contact") is { } contact)
        {
            return new MessageContent
            {
                Type = ContentTypes.Contacts,
                Contacts =
                [
                    new ContactCard
                    {
                        Name = TelegramNames.FullName(contact),
                        Phones = contact.Text("phone_number") is { } phone ? [phone] : null,
                    },
                ],
            };
        }

        if (ServiceFields.Any(field => message.Child(field) is not null))
        {
            return null;
        }

        var kind = UnsupportedKinds.FirstOrDefault(field => message.Child(field) is not null);
        return new MessageContent
        {
            Type = ContentTypes.Unsupported,
            Text = kind is null ? "A Telegram message of a kind Linktor does not read." : $"A Telegram {kind} message.",
        };
    }

    private static MessageContent Media(string type, JsonElement file, string? caption, string? defaultMimeType = null) => new()
    {
        Type = type,
        Media = new MediaInfo
        {
            ProviderMediaId = file.Text("file_id"),
            MimeType = file.Text("mime_type") ?? defaultMimeType,
            Filename = file.Text("file_name"),
            Size = file.Integer("file_size"),
            Caption = caption,
        },
    };

    /// <summary>The biggest of the sizes Telegram offers of one photo (by bytes, then by pixels).</summary>
    private static JsonElement? Largest(IEnumerable<JsonElement> sizes) =>
        sizes.Where(size => size.Text("file_id") is not null)
            .OrderByDescending(size => size.Integer("file_size") ?? 0)
            .ThenByDescending(size => (size.Integer("width") ?? 0) * (size.Integer("height") ?? 0))
            .Select(size => (JsonElement?)size)
            .FirstOrDefault();

    private static string StickerMimeType(JsonElement sticker) =>
        sticker.Flag("is_animated") ? "application/x-tgsticker"
        : sticker.Flag("is_video") ? "video/webm"
        : "image/webp";

    private static LocationInfo? Location(JsonElement location) =>
        location.Number("latitude") is { } latitude && location.Number("longitude") is { } longitude
            ? new LocationInfo { Latitude = latitude, Longitude = longitude }
            : null;
}
