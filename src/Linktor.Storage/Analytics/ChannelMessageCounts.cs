using Linktor.Contracts.Channels;

namespace Linktor.Storage.Analytics;

/// <summary>One channel's inbound and public outbound messages in the window (a deleted channel's too).</summary>
public sealed record ChannelMessageCounts
{
    public required Guid ChannelId { get; init; }

    public required ChannelType ChannelType { get; init; }

    public required string Name { get; init; }

    public required long Inbound { get; init; }

    public required long Outbound { get; init; }
}
