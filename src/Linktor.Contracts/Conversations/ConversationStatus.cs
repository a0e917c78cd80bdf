namespace Linktor.Contracts.Conversations;

public enum ConversationStatus
{
    Open,
    Pending,
    Snoozed,
    Resolved,
}
