namespace Linktor.Storage.Analytics;

/// <summary>Messages created in the window. <see cref="Total"/> is inbound plus outbound; private notes are counted apart.</summary>
public sealed record MessageCounts
{
    public long Total => Inbound + Outbound;

    public required long Inbound { get; init; }

    /// <summary>Public outbound messages (agents, API keys, bots, the system), not private notes.</summary>
    public required long Outbound { get; init; }

    public required long PrivateNotes { get; init; }

    /// <summary>The outbound messages by their current delivery status.</summary>
    public required OutboundStatusCounts ByStatus { get; init; }

    /// <summary>Channels with traffic in the window, busiest first.</summary>
    public required IReadOnlyList<ChannelMessageCounts> ByChannel { get; init; }
}
