using Linktor.Api.Infrastructure;
using Linktor.Contracts.Messages;

namespace Linktor.Api.Requests;

/// <summary>
/// Checks a message's content is complete for its type (the channel's capabilities are checked by
/// the conversation grain). Text beyond <see cref="ApiOptions.MaxTextBytes"/> is an oversize body.
/// </summary>
public static class ContentValidator
{
    public static void Validate(MessageContent? content, Validator v, string path = "content")
    {
        if (!v.Required(content, path))
        {
            return;
        }

        var c = content!;
        if (!ContentTypes.All.Contains(c.Type) || c.Type == ContentTypes.Unsupported)
        {
            v.Add($"{path}.type", $"Unknown content type '{c.Type}'; one of: {string.Join(", ", ContentTypes.All.Where(t => t != ContentTypes.Unsupported))}.");
            return;
        }

        switch (c.Type)
        {
            case ContentTypes.Text:
                if (string.IsNullOrWhiteSpace(c.Text))
                {
                    v.Add($"{path}.text", "Required for a text message.");
                }

                break;
            case var media when ContentTypes.Media.Contains(media):
                if (v.Required(c.Media, $"{path}.media") && !IsHttpUrl(c.Media!.Url))
                {
                    v.Add($"{path}.media.url", "An absolute http(s) URL is required.");
                }

                break;
            case ContentTypes.Location:
                if (v.Required(c.Location, $"{path}.location"))
                {
                    if (c.Location!.Latitude is < -90 or > 90)
                    {
                        v.Add($"{path}.location.latitude", "Between -90 and 90.");
                    }

                    if (c.Location.Longitude is < -180 or > 180)
                    {
                        v.Add($"{path}.location.longitude", "Between -180 and 180.");
                    }
                }

                break;
            case ContentTypes.Contacts:
                if (c.Contacts is not { Count: > 0 })
                {
                    v.Add($"{path}.contacts", "At least one contact card.");
                }

                break;
            case ContentTypes.Interactive:
                ValidateInteractive(c.Interactive, v, $"{path}.interactive");
                break;
            case ContentTypes.Template:
                v.Required(c.Template, $"{path}.template");
                break;
            case ContentTypes.Reaction:
                if (v.Required(c.Reaction, $"{path}.reaction") && c.Reaction!.MessageId is null && c.Reaction.ExternalMessageId is null)
                {
                    v.Add($"{path}.reaction.message_id", "Name the message reacted to.");
                }

                break;
        }

        // Clients render a media URL wherever they find one (a link, a source): whatever the type, it is a web address.
        if (!ContentTypes.Media.Contains(c.Type) && c.Media?.Url is { } url && !IsHttpUrl(url))
        {
            v.Add($"{path}.media.url", "An absolute http(s) URL is required.");
        }
    }

    /// <summary>True when the text is larger than the configured limit (answered as 413).</summary>
    public static bool IsOversize(MessageContent? content, int maxTextBytes) =>
        content?.Text is { } text && System.Text.Encoding.UTF8.GetByteCount(text) > maxTextBytes;

    private static void ValidateInteractive(InteractiveContent? interactive, Validator v, string path)
    {
        if (!v.Required(interactive, path))
        {
            return;
        }

        switch (interactive!.Type)
        {
            case "buttons":
                if (interactive.Buttons is not { Count: > 0 })
                {
                    v.Add($"{path}.buttons", "At least one button.");
                }

                break;
            case "list":
                if (interactive.Sections is not { Count: > 0 } || interactive.Sections.Any(s => s.Rows.Count == 0))
                {
                    v.Add($"{path}.sections", "At least one section, each with rows.");
                }

                break;
            default:
                v.Add($"{path}.type", "One of: buttons, list.");
                break;
        }

        if (string.IsNullOrWhiteSpace(interactive.Body))
        {
            v.Add($"{path}.body", "Required.");
        }
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
