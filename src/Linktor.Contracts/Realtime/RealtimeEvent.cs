using Linktor.Contracts.Channels;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;

namespace Linktor.Contracts.Realtime;

/// <summary>
/// A state change on its way to SignalR subscribers (or, for <see cref="SessionsEnded"/>, to every API node). Exactly one of the data fields is set;
/// <see cref="Seq"/> is the conversation's sequence at the time, so clients can spot a gap and resync.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.RealtimeEvent")]
public sealed record RealtimeEvent
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required Guid TenantId { get; init; }
    [Id(2)] public Guid? ConversationId { get; init; }
    [Id(3)] public long? Seq { get; init; }
    [Id(4)] public MessageRecord? Message { get; init; }
    [Id(5)] public ConversationRecord? Conversation { get; init; }
    [Id(6)] public ContactRecord? Contact { get; init; }
    [Id(7)] public ChannelRecord? Channel { get; init; }

    /// <summary>The web-chat visitor (contact) who may see this event, when there is one.</summary>
    [Id(8)] public Guid? VisitorContactId { get; init; }

    [Id(9)] public required DateTimeOffset At { get; init; }

    [Id(10)] public AgentPresence? Presence { get; init; }

    /// <summary>Sessions that ended: not sent to clients, every API node closes their connections.</summary>
    [Id(11)] public SessionsEnded? SessionsEnded { get; init; }
}
