namespace Linktor.Api.Realtime;

/// <summary><c>typing</c>: who is typing in a conversation — an agent (<c>user</c>) or the contact.</summary>
public sealed record TypingEvent(Guid ConversationId, TypingParty? User, TypingParty? Contact, bool IsTyping);

public sealed record TypingParty(Guid Id);
