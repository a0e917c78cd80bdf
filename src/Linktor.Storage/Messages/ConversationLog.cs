using Linktor.Contracts.Messages;

namespace Linktor.Storage.Messages;

/// <summary>
/// What a conversation derives from its message log on activation, and the state version its list row was last
/// written from (-1: no row), which tells whether the row needs its repair. <see cref="UnreadCount"/> of the
/// <see cref="InboundCount"/> inbound messages are after the read watermark it was loaded with.
/// </summary>
public sealed record ConversationLog(
    long LastSeq, int UnreadCount, MessageRecord? LastMessage, DateTimeOffset? LastInboundAt = null, long RowVersion = -1, int InboundCount = 0);
