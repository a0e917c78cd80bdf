namespace Linktor.Storage.Analytics;

/// <summary>The answer of <c>GET /api/v1/analytics/summary</c>: the window and filters it covers, and its figures.</summary>
public sealed record AnalyticsSummary
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public Guid? ChannelId { get; init; }

    public Guid? AssigneeId { get; init; }

    public required MessageCounts Messages { get; init; }

    public required ConversationCounts Conversations { get; init; }

    public required DurationStats FirstResponseTime { get; init; }

    public required DurationStats ResolutionTime { get; init; }
}
