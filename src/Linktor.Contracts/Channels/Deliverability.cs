using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;

namespace Linktor.Contracts.Channels;

/// <summary>Whether a channel can carry a message's content: checked before anything is stored.</summary>
public static class Deliverability
{
    /// <returns>Null when the channel can carry it; otherwise the problem to answer.</returns>
    public static Problem? Check(ChannelCapabilities? capabilities, ChannelType type, MessageContent content)
    {
        var channel = type.ToString().ToLowerInvariant();
        if (capabilities is null)
        {
            return new Problem(ProblemCode.ChannelUnavailable, $"The {channel} channel is disabled or deleted.");
        }

        if (!capabilities.ContentTypes.Contains(content.Type))
        {
            return new Problem(ProblemCode.UnsupportedContent,
                $"A {channel} channel cannot carry '{content.Type}' messages; its capabilities.content_types are: {string.Join(", ", capabilities.ContentTypes)}.",
                new Dictionary<string, string[]> { ["content.type"] = [$"Not in the channel's capabilities.content_types."] });
        }

        if (content.Text is { } text && capabilities.MaxTextLength > 0 && text.Length > capabilities.MaxTextLength)
        {
            return Problem.Invalid("content.text", $"A {channel} channel carries at most {capabilities.MaxTextLength} characters of text (capabilities.max_text_length).");
        }

        return null;
    }

    /// <summary>
    /// Refuses a free-form message when the contact last wrote longer ago than the channel's reply
    /// window (or never); templates may always go.
    /// </summary>
    public static Problem? CheckReplyWindow(ChannelCapabilities? capabilities, ChannelType type, MessageContent content, DateTimeOffset? lastInboundAt, DateTimeOffset now)
    {
        if (capabilities?.ReplyWindow is not { } window || content.Type == ContentTypes.Template
            || lastInboundAt is { } last && now - last <= window)
        {
            return null;
        }

        var channel = type.ToString().ToLowerInvariant();
        var since = lastInboundAt is null ? "has not written on this channel" : $"last wrote at {lastInboundAt:u}";
        return new Problem(ProblemCode.ReplyWindowClosed,
            $"The contact {since}; a {channel} channel carries free-form messages only within {window.TotalHours:0.#} h of the contact's last message. Send a template instead.",
            new Dictionary<string, string[]> { ["content.type"] = ["Outside the reply window only 'template' messages may be sent."] });
    }
}
