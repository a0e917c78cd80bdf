namespace Linktor.Api.Tests.Analytics;

public sealed record SummaryStatuses(long Queued, long Sent, long Delivered, long Read, long Failed);
