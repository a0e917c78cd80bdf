namespace Linktor.Contracts.Conversations;

public enum ConversationPriority
{
    Low,
    Medium,
    High,
    Urgent,
}
