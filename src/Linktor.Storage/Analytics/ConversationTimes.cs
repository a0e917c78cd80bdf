namespace Linktor.Storage.Analytics;

/// <summary>
/// A conversation's report milestones, written with its projection row (<see cref="Conversations.ConversationStore"/>).
/// </summary>
public sealed record ConversationTimes
{
    /// <summary>Its first inbound message.</summary>
    public DateTimeOffset? FirstInboundAt { get; init; }

    /// <summary>The first public reply by an agent or API key after <see cref="FirstInboundAt"/>.</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }

    /// <summary>Its creation, or its latest reopening.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When it was resolved, while it is; the resolution ends the period that began at <see cref="OpenedAt"/>.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
}
