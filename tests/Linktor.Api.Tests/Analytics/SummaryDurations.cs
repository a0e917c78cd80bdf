namespace Linktor.Api.Tests.Analytics;

public sealed record SummaryDurations(long Count, double? MedianSeconds, double? P90Seconds);
