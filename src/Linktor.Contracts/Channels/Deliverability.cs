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
}
