namespace Linktor.Storage.Analytics;

/// <summary>What a summary covers: the window [<see cref="From"/>, <see cref="To"/>) and the optional filters, already validated.</summary>
public sealed record AnalyticsFilter
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public Guid? ChannelId { get; init; }

    /// <summary>The conversation's current assignee.</summary>
    public Guid? AssigneeId { get; init; }
}
