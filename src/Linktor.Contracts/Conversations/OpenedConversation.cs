namespace Linktor.Contracts.Conversations;

/// <summary>The open conversation with an identity, and whether this call created it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.OpenedConversation")]
public sealed record OpenedConversation(
    [property: Id(0)] ConversationRecord Conversation,
    [property: Id(1)] bool Created);
