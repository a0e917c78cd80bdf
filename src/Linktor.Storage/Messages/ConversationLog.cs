using Linktor.Contracts.Messages;

namespace Linktor.Storage.Messages;

/// <summary>What a conversation derives from its message log on activation.</summary>
public sealed record ConversationLog(long LastSeq, int UnreadCount, MessageRecord? LastMessage, DateTimeOffset? LastInboundAt = null);
