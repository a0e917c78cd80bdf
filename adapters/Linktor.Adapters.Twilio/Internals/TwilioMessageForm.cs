using System.Globalization;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>
/// A message's content as the fields of Twilio's Messages create call: <c>Body</c> and, for MMS,
/// <c>MediaUrl</c>. SMS has no quoting, buttons, templates or reactions.
/// </summary>
internal static class TwilioMessageForm
{
    /// <summary>Adds the content's fields to <paramref name="form"/>; returns a refusal when Twilio cannot carry it.</summary>
    public static SendResult? AddContent(MessageContent content, List<KeyValuePair<string, string>> form)
    {
        switch (content.Type)
        {
            case ContentTypes.Text:
                if (string.IsNullOrEmpty(content.Text))
                {
                    return SendResult.Permanent("invalid_content", "A text message needs text.");
                }

                form.Add(new("Body", content.Text));
                return null;

            case ContentTypes.Image or ContentTypes.Video or ContentTypes.Audio or ContentTypes.Document:
                return AddMedia(content, form);

            case ContentTypes.Location when content.Location is { } location:
                form.Add(new("Body", LocationText(location)));
                return null;

            default:
                return SendResult.Permanent(
                    "unsupported_content",
                    $"A Twilio SMS channel cannot carry '{content.Type}' messages (text, image, video, audio, document and location only).");
        }
    }

    /// <summary>A location as SMS text: its name and address, then a maps link any phone can open.</summary>
    public static string LocationText(LocationInfo location)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(location.Name))
        {
            lines.Add(location.Name);
        }

        if (!string.IsNullOrWhiteSpace(location.Address))
        {
            lines.Add(location.Address);
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"https://maps.google.com/?q={location.Latitude},{location.Longitude}"));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// MMS: Twilio fetches the media itself from a public URL (it has no upload API), so a media
    /// handle is usable only when it is such a URL.
    /// </summary>
    private static SendResult? AddMedia(MessageContent content, List<KeyValuePair<string, string>> form)
    {
        var media = content.Media;
        var url = IsHttpUrl(media?.ProviderMediaId) ? media!.ProviderMediaId : media?.Url;
        if (!IsHttpUrl(url))
        {
            return SendResult.Permanent(
                "media_unsupported",
                "Twilio sends media only from a public http(s) URL (it has no upload API); this message's media has none.");
        }

        var caption = !string.IsNullOrEmpty(media!.Caption) ? media.Caption : content.Text;
        if (!string.IsNullOrEmpty(caption))
        {
            form.Add(new("Body", caption));
        }

        form.Add(new("MediaUrl", url!));
        return null;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
