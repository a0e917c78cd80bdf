namespace Linktor.Api.Tests.Analytics;

public sealed record SummaryConversations(long Opened, long Resolved);
