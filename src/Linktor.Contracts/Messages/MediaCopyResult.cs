using Linktor.Contracts.Common;

namespace Linktor.Contracts.Messages;

/// <summary>What became of a copy of a provider-held attachment (<see cref="IProviderMediaGrain.CopyAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.MediaCopyResult")]
public sealed record MediaCopyResult(
    [property: Id(0)] MediaCopyStatus Status,
    [property: Id(1)] Problem? Problem = null)
{
    public static MediaCopyResult Copied { get; } = new(MediaCopyStatus.Copied);

    /// <summary>Nothing to keep, now or later: the channel or the attachment is unknown, refused or too large.</summary>
    public static MediaCopyResult Refused(Problem problem) => new(MediaCopyStatus.Refused, problem);

    /// <summary>The provider failed or refused for now (an outage, an expired media id); <paramref name="detail"/> says how.</summary>
    public static MediaCopyResult ProviderUnavailable(string detail) =>
        new(MediaCopyStatus.ProviderUnavailable, new Problem(ProblemCode.ChannelUnavailable, detail));
}
