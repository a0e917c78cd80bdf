using Linktor.Contracts.Common;

namespace Linktor.Contracts.Channels;

/// <summary>
/// One channel (key: <see cref="GrainKeys.Scoped"/>). Owns the provider config and encrypted
/// credentials, the adapter, the outbound queue, the provider rate limits and retries.
/// </summary>
[Alias("Linktor.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<Result<ChannelRecord>> CreateAsync(ChannelDraft draft);

    [Alias("Get")]
    Task<Result<ChannelRecord>> GetAsync();

    [Alias("Update")]
    Task<Result<ChannelRecord>> UpdateAsync(ChannelPatch patch);

    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync();

    [Alias("Test")]
    Task<Result<ChannelTestResult>> TestAsync();

    /// <summary>
    /// Tells the channel that outbound messages wait in the store. The store is the durable queue:
    /// a lost notification only delays a send until the channel's next scan.
    /// </summary>
    [Alias("NotifyQueued")]
    Task NotifyQueuedAsync(Guid conversationId, Guid messageId);
}
