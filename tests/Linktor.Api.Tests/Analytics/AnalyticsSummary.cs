namespace Linktor.Api.Tests.Analytics;

/// <summary>The answer of <c>GET /api/v1/analytics/summary</c> as the tests read it (API.md's snake_case).</summary>
public sealed record AnalyticsSummary(
    DateTimeOffset From, DateTimeOffset To, Guid? ChannelId, Guid? AssigneeId, SummaryMessages Messages,
    SummaryConversations Conversations, SummaryDurations FirstResponseTime, SummaryDurations ResolutionTime);
