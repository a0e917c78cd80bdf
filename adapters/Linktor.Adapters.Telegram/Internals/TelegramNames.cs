using System.Text.Json;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>Display names from Bot API <c>User</c>, <c>Chat</c> and <c>Contact</c> objects.</summary>
internal static class TelegramNames
{
    /// <summary>"first_name last_name", or the username when there is no name.</summary>
    public static string? FullName(JsonElement person)
    {
        var name = string.Join(' ', new[] { person.Text("first_name"), person.Text("last_name") }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return name.Length > 0 ? name : person.Text("username");
    }

    /// <summary>
    /// The contact behind a chat: in a private chat the person (the chat's names are theirs); in a
    /// group the group itself, by its title, since the group is the contact replies go to.
    /// </summary>
    public static ContactProfileHint? Profile(JsonElement? chat, JsonElement? from)
    {
        var name = chat is { } c && c.Text("type") is not (null or "private")
            ? c.Text("title")
            : (from is { } f ? FullName(f) : null) ?? (chat is { } privateChat ? FullName(privateChat) : null);
        return name is null ? null : new ContactProfileHint { Name = name };
    }
}
