using System.Globalization;
using System.Text.Json.Nodes;

namespace Linktor.Testing.FakeProviders.WhatsApp;

/// <summary>
/// Builds WhatsApp Business Account webhook bodies as Meta posts them, batches included:
/// <c>{"object":"whatsapp_business_account","entry":[{"id","changes":[{"field":"messages","value":{metadata, contacts, messages, statuses, errors}}]}]}</c>.
/// Items go into the current change; <see cref="NextChange"/> and <see cref="NextEntry"/> start new ones
/// (optionally for another phone number, as Meta posts every number of an app to one URL).
/// Sign the result with <see cref="FakeWhatsApp.Signature"/>.
/// </summary>
/// <example><code>
/// var body = new WhatsAppWebhookBuilder(phoneNumberId)
///     .Text("16505551234", "wamid.A", "Hi", name: "Kerry")
///     .Status("wamid.OUT1", "delivered", "16505551234")
///     .Build();
/// </code></example>
public sealed class WhatsAppWebhookBuilder
{
    /// <summary>The WABA id of the fixtures (<c>entry[].id</c>).</summary>
    public const string DefaultBusinessAccountId = "102290129340398";

    private readonly List<List<Change>> _entries = [[]];
    private readonly string _businessAccountId;

    /// <param name="phoneNumberId">The business number the items are for (<c>metadata.phone_number_id</c>).</param>
    /// <param name="businessAccountId">The WhatsApp Business Account (<c>entry[].id</c>).</param>
    public WhatsAppWebhookBuilder(string phoneNumberId, string businessAccountId = DefaultBusinessAccountId)
    {
        _businessAccountId = businessAccountId;
        _entries[0].Add(new Change(phoneNumberId));
    }

    private Change Current => _entries[^1][^1];

    /// <summary>Starts a new change in the current entry, for <paramref name="phoneNumberId"/> (default: the current number).</summary>
    public WhatsAppWebhookBuilder NextChange(string? phoneNumberId = null)
    {
        _entries[^1].Add(new Change(phoneNumberId ?? Current.PhoneNumberId));
        return this;
    }

    /// <summary>Starts a new entry (with one change), for <paramref name="phoneNumberId"/> (default: the current number).</summary>
    public WhatsAppWebhookBuilder NextEntry(string? phoneNumberId = null)
    {
        var number = phoneNumberId ?? Current.PhoneNumberId;
        _entries.Add([new Change(number)]);
        return this;
    }

    /// <summary>A text message from <paramref name="from"/> (wa_id digits) with provider id <paramref name="wamid"/>.</summary>
    /// <param name="from">The contact's wa_id (digits, no '+').</param>
    /// <param name="wamid">The message's WhatsApp id.</param>
    /// <param name="text">The text.</param>
    /// <param name="name">The contact's profile name (in <c>contacts[]</c>).</param>
    /// <param name="at">When it was sent (default: now).</param>
    /// <param name="replyTo">The wamid it quotes (<c>context.id</c>).</param>
    public WhatsAppWebhookBuilder Text(string from, string wamid, string text, string? name = null, DateTimeOffset? at = null, string? replyTo = null) =>
        Message(from, wamid, "text", new JsonObject { ["body"] = text }, name, at, replyTo);

    /// <summary>An image message (media by id: fetch it through <c>GET /{version}/{media-id}</c>).</summary>
    public WhatsAppWebhookBuilder Image(
        string from, string wamid, string mediaId, string mimeType = "image/jpeg", string? caption = null, string? name = null, DateTimeOffset? at = null)
    {
        var image = new JsonObject { ["mime_type"] = mimeType, ["sha256"] = "fake-sha256", ["id"] = mediaId };
        if (caption is not null)
        {
            image["caption"] = caption;
        }

        return Message(from, wamid, "image", image, name, at);
    }

    /// <summary>A reply-button tap on the business message <paramref name="replyTo"/>.</summary>
    public WhatsAppWebhookBuilder ButtonReply(
        string from, string wamid, string replyTo, string buttonId, string title, string? name = null, DateTimeOffset? at = null) =>
        Message(from, wamid, "interactive", new JsonObject
        {
            ["type"] = "button_reply",
            ["button_reply"] = new JsonObject { ["id"] = buttonId, ["title"] = title },
        }, name, at, replyTo);

    /// <summary>A reaction to <paramref name="reactedWamid"/> (an empty emoji removes it).</summary>
    public WhatsAppWebhookBuilder Reaction(string from, string wamid, string reactedWamid, string emoji, string? name = null, DateTimeOffset? at = null) =>
        Message(from, wamid, "reaction", new JsonObject { ["message_id"] = reactedWamid, ["emoji"] = emoji }, name, at);

    /// <summary>Any message: <paramref name="payload"/> goes under the <paramref name="type"/> key.</summary>
    public WhatsAppWebhookBuilder Message(
        string from, string wamid, string type, JsonNode? payload, string? name = null, DateTimeOffset? at = null, string? replyTo = null)
    {
        var message = new JsonObject();
        if (replyTo is not null)
        {
            message["context"] = new JsonObject { ["from"] = "15550783881", ["id"] = replyTo };
        }

        message["from"] = from;
        message["id"] = wamid;
        message["timestamp"] = Unix(at);
        message["type"] = type;
        if (payload is not null)
        {
            message[type] = payload;
        }

        Current.Contacts[from] = name ?? Current.Contacts.GetValueOrDefault(from);
        Current.Messages.Add(message);
        return this;
    }

    /// <summary>
    /// A status of one of our messages (<paramref name="status"/>: sent, delivered, read or failed);
    /// <paramref name="errorCode"/> adds <c>errors[]</c> (e.g. 131047 with "Re-engagement message").
    /// </summary>
    public WhatsAppWebhookBuilder Status(
        string wamid, string status, string recipient, DateTimeOffset? at = null, int? errorCode = null, string? errorTitle = null)
    {
        var item = new JsonObject
        {
            ["id"] = wamid,
            ["status"] = status,
            ["timestamp"] = Unix(at),
            ["recipient_id"] = recipient,
        };
        if (errorCode is { } code)
        {
            var title = errorTitle ?? "Error";
            item["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = code,
                ["title"] = title,
                ["message"] = title,
                ["error_data"] = new JsonObject { ["details"] = title },
            });
        }

        Current.Statuses.Add(item);
        return this;
    }

    /// <summary>A value-level error about the number itself (no message or status), e.g. 130429.</summary>
    public WhatsAppWebhookBuilder Error(int code, string title, string? details = null) =>
        Add(Current.Errors, new JsonObject
        {
            ["code"] = code,
            ["title"] = title,
            ["message"] = title,
            ["error_data"] = new JsonObject { ["details"] = details ?? title },
        });

    /// <summary>The webhook body as UTF-8 JSON bytes (sign these exact bytes).</summary>
    public byte[] Build()
    {
        var entries = new JsonArray();
        foreach (var changes in _entries)
        {
            var array = new JsonArray();
            foreach (var change in changes)
            {
                array.Add(change.ToJson());
            }

            entries.Add(new JsonObject { ["id"] = _businessAccountId, ["changes"] = array });
        }

        var root = new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = entries };
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private WhatsAppWebhookBuilder Add(JsonArray array, JsonObject item)
    {
        array.Add(item);
        return this;
    }

    private static string Unix(DateTimeOffset? at) =>
        (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private sealed class Change(string phoneNumberId)
    {
        public string PhoneNumberId { get; } = phoneNumberId;

        public Dictionary<string, string?> Contacts { get; } = [];

        public JsonArray Messages { get; } = [];

        public JsonArray Statuses { get; } = [];

        public JsonArray Errors { get; } = [];

        public JsonObject ToJson()
        {
            var value = new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = PhoneNumberId },
            };
            if (Contacts.Count > 0)
            {
                value["contacts"] = new JsonArray([.. Contacts.Select(c => (JsonNode)new JsonObject
                {
                    ["profile"] = new JsonObject { ["name"] = c.Value ?? c.Key },
                    ["wa_id"] = c.Key,
                })]);
            }

            foreach (var (name, array) in new[] { ("messages", Messages), ("statuses", Statuses), ("errors", Errors) })
            {
                if (array.Count > 0)
                {
                    value[name] = array.DeepClone();
                }
            }

            return new JsonObject { ["value"] = value, ["field"] = "messages" };
        }
    }
}
