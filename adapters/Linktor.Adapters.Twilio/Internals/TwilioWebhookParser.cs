using System.Globalization;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>
/// Reads the two message webhooks Twilio sends: an inbound SMS/MMS (<c>SmsStatus=received</c>) and a
/// status callback of one of our sends (<c>MessageStatus</c>). Neither carries a send timestamp.
/// </summary>
internal static class TwilioWebhookParser
{
    public const string Received = "received";

    /// <summary>The canonical events of an inbound message: one per media for MMS, else one text.</summary>
    public static IReadOnlyList<InboundEvent> Message(IReadOnlyDictionary<string, string> form)
    {
        var sid = MessageSid(form);
        var from = Value(form, "From") ?? throw new WebhookFormatException("A Twilio inbound message without From.");
        var sender = PhoneNumbers.ToE164(from) ?? from; // a short code or alphanumeric sender stays as Twilio wrote it
        var profile = new ContactProfileHint { Phone = sender, Name = Value(form, "ProfileName") };
        var body = Value(form, "Body");
        InboundMessageEvent Event(string externalId, MessageContent content) =>
            new(sender, new InboundMessage { Content = content, ExternalId = externalId, SentAt = null, Profile = profile });

        var mediaCount = int.TryParse(Value(form, "NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (mediaCount == 0)
        {
            if (Location(form) is { } location)
            {
                return [Event(sid, new MessageContent { Type = ContentTypes.Location, Location = location })];
            }

            return [Event(sid, MessageContent.FromText(body ?? ""))];
        }

        // One event per attachment so each is a message of its own; the first keeps Twilio's id,
        // the others "{MessageSid}/{i}", so a redelivered webhook dedupes every one of them.
        var events = new List<InboundEvent>();
        for (var i = 0; i < mediaCount; i++)
        {
            if (Value(form, $"MediaUrl{i}") is not { } url)
            {
                continue;
            }

            var mime = Value(form, $"MediaContentType{i}");
            var media = new MediaInfo { ProviderMediaId = url, MimeType = mime, Caption = i == 0 ? body : null };
            events.Add(Event(i == 0 ? sid : $"{sid}/{i}", new MessageContent { Type = MediaType(mime), Media = media }));
        }

        return events;
    }

    /// <summary>
    /// The event of a status callback: sent, delivered, read, or failed with its mapped error;
    /// intermediate statuses (queued, sending, accepted, scheduled, …) say nothing new and give none.
    /// </summary>
    public static InboundStatusEvent? Status(IReadOnlyDictionary<string, string> form, string status, DateTimeOffset receivedAt)
    {
        MessageStatus? mapped = status switch
        {
            "sent" => MessageStatus.Sent,
            "delivered" => MessageStatus.Delivered,
            "read" => MessageStatus.Read,
            "undelivered" or "failed" or "canceled" => MessageStatus.Failed,
            _ => null,
        };
        if (mapped is not { } messageStatus)
        {
            return null;
        }

        var error = messageStatus == MessageStatus.Failed
            ? TwilioErrorCodes.DeliveryError(Value(form, "ErrorCode"), Value(form, "ErrorMessage"), status)
            : null;
        var to = Value(form, "To");
        return new InboundStatusEvent(MessageSid(form), messageStatus, DoneDate(form) ?? receivedAt, error, PhoneNumbers.ToE164(to) ?? to);
    }

    public static string MediaType(string? mime) => mime?.ToLowerInvariant() switch
    {
        { } m when m.StartsWith("image/", StringComparison.Ordinal) => ContentTypes.Image,
        { } m when m.StartsWith("video/", StringComparison.Ordinal) => ContentTypes.Video,
        { } m when m.StartsWith("audio/", StringComparison.Ordinal) => ContentTypes.Audio,
        _ => ContentTypes.Document,
    };

    public static string? Value(IReadOnlyDictionary<string, string> form, string key) =>
        form.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static string MessageSid(IReadOnlyDictionary<string, string> form) =>
        Value(form, "MessageSid") ?? Value(form, "SmsSid") ?? throw new WebhookFormatException("A Twilio message webhook without MessageSid.");

    /// <summary>The carrier's delivery time, <c>RawDlrDoneDate</c> YYMMDDhhmm in UTC, when the callback has it.</summary>
    private static DateTimeOffset? DoneDate(IReadOnlyDictionary<string, string> form) =>
        Value(form, "RawDlrDoneDate") is { } raw
        && DateTimeOffset.TryParseExact(raw, "yyMMddHHmm", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    /// <summary>A shared location (Twilio's WhatsApp sender posts <c>Latitude</c>/<c>Longitude</c>); SMS never has one.</summary>
    private static LocationInfo? Location(IReadOnlyDictionary<string, string> form) =>
        double.TryParse(Value(form, "Latitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
        && double.TryParse(Value(form, "Longitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            ? new LocationInfo { Latitude = latitude, Longitude = longitude, Name = Value(form, "Label"), Address = Value(form, "Address") }
            : null;
}
