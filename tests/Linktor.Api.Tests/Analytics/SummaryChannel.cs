namespace Linktor.Api.Tests.Analytics;

public sealed record SummaryChannel(Guid ChannelId, string ChannelType, string Name, long Inbound, long Outbound);
