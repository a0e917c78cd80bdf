namespace Linktor.Api.Realtime;

/// <summary><c>typing</c>: who is typing in a conversation — an agent (<c>user</c>) or the contact.</summary>
public sealed record TypingEvent(Guid ConversationId, TypingParty? User, TypingParty? Contact, bool IsTyping)
{
    /// <summary>The event's name on both hubs: SignalR only, never a webhook.</summary>
    public const string EventName = "typing";
}

public sealed record TypingParty(Guid Id);
