namespace Linktor.Api.Tests.Analytics;

public sealed record SummaryMessages(
    long Total, long Inbound, long Outbound, long PrivateNotes, SummaryStatuses ByStatus, IReadOnlyList<SummaryChannel> ByChannel);
