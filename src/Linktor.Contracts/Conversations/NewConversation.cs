using Linktor.Contracts.Channels;

namespace Linktor.Contracts.Conversations;

/// <summary>What a conversation is created with: whom it is with, and on which channel.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.NewConversation")]
public sealed record NewConversation
{
    [Id(0)] public required ContactSummary Contact { get; init; }
    [Id(1)] public required Guid ChannelId { get; init; }
    [Id(2)] public required ChannelType ChannelType { get; init; }
    [Id(3)] public required string ExternalId { get; init; }
}
