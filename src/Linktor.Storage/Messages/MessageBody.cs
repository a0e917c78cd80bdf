using Linktor.Contracts.Messages;

namespace Linktor.Storage.Messages;

/// <summary>The words of a message that search should find, whatever its content type.</summary>
internal static class MessageBody
{
    public static string? Of(MessageContent content) =>
        content.Text
        ?? content.Media?.Caption
        ?? content.Media?.Filename
        ?? content.Location?.Name
        ?? content.Interactive?.Body
        ?? content.Interactive?.Reply?.Title
        ?? content.Template?.Name;
}
