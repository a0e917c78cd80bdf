using Linktor.Contracts.Messages;
using Orleans.Concurrency;

namespace Linktor.Grains.Media;

/// <summary>
/// An agent's first download of an attachment not copied yet, taken on the silo (<see cref="ProviderMediaClient"/>, as
/// <see cref="InboundMediaCopier"/> does on arrival). A stateless worker, so the call is served by the silo it reaches;
/// reentrant, since it holds no state and downloads of different attachments must not queue behind each other.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ProviderMediaGrain(ProviderMediaClient provider) : Grain, IProviderMediaGrain
{
    public async Task<MediaCopyResult> CopyAsync(MessageRecord message, CancellationToken cancellationToken)
    {
        try
        {
            return await provider.CopyAsync(message, cancellationToken) is { } problem ? MediaCopyResult.Refused(problem) : MediaCopyResult.Copied;
        }
        catch (ProviderMediaUnavailableException ex)
        {
            return MediaCopyResult.ProviderUnavailable(ex.Message);
        }
    }
}
