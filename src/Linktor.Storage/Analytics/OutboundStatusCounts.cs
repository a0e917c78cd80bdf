namespace Linktor.Storage.Analytics;

/// <summary>Public outbound messages by current delivery status; they add up to <see cref="MessageCounts.Outbound"/>.</summary>
public sealed record OutboundStatusCounts
{
    public long Queued { get; init; }

    public long Sent { get; init; }

    public long Delivered { get; init; }

    public long Read { get; init; }

    public long Failed { get; init; }
}
