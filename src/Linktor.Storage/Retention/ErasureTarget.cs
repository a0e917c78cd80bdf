namespace Linktor.Storage.Retention;

/// <summary>What an erasure of a contact reaches: its conversations and its identities (channel, external id).</summary>
public sealed record ErasureTarget(IReadOnlyList<Guid> Conversations, IReadOnlyList<(Guid ChannelId, string ExternalId)> Identities);
