namespace Linktor.Contracts.Messages;

/// <summary>
/// A tenant's attachment-copy dispatcher (key: the tenant id): a consumer of the tenant's events stream that queues a
/// copy of each inbound attachment the provider keeps. Nothing calls it; the events stream delivers to it.
/// </summary>
[Alias("Linktor.IMediaCopyDispatchGrain")]
public interface IMediaCopyDispatchGrain : IGrainWithGuidKey;
