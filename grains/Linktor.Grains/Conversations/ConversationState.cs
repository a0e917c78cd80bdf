using Linktor.Contracts.Channels;
using Linktor.Contracts.Conversations;
using Linktor.Grains.Events;

namespace Linktor.Grains.Conversations;

/// <summary>
/// What a conversation persists as grain state. What its message log already records (last seq,
/// last message, unread count) is derived from the log on activation, not written here.
/// </summary>
[GenerateSerializer, Alias("Linktor.Grains.ConversationState")]
public sealed class ConversationState : IAnnouncedState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public ContactSummary? Contact { get; set; }
    [Id(2)] public Guid ChannelId { get; set; }
    [Id(3)] public ChannelType ChannelType { get; set; }
    [Id(4)] public string ContactAddress { get; set; } = string.Empty;
    [Id(5)] public ConversationStatus Status { get; set; }
    [Id(6)] public Guid? AssigneeId { get; set; }
    [Id(7)] public ConversationPriority? Priority { get; set; }
    [Id(8)] public List<string> Labels { get; set; } = [];
    [Id(9)] public DateTimeOffset? SnoozedUntil { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Inbound messages up to this seq have been read by an agent.</summary>
    [Id(12)] public long LastReadSeq { get; set; }

    /// <summary>The first inbound message (reports: first response time starts here).</summary>
    [Id(13)] public DateTimeOffset? FirstInboundAt { get; set; }

    /// <summary>The first public reply by an agent or API key after <see cref="FirstInboundAt"/>.</summary>
    [Id(14)] public DateTimeOffset? FirstResponseAt { get; set; }

    /// <summary>The latest reopening; null while it has never been reopened (then <see cref="CreatedAt"/>).</summary>
    [Id(15)] public DateTimeOffset? ReopenedAt { get; set; }

    /// <summary>When it was resolved, while it is (reports: resolution time ends here).</summary>
    [Id(16)] public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Bumped by every save; the list row records the version it was written from.</summary>
    [Id(17)] public long Version { get; set; }

    /// <summary>Events of saved changes whose list row may not have been written yet (see <see cref="UnannouncedEvent"/>).</summary>
    [Id(18)] public List<UnannouncedEvent> Unannounced { get; set; } = [];
}
