using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Storage.Channels;

namespace Linktor.Api.Endpoints;

/// <summary>What the channel endpoints work with: who calls, the grains, the read model and this node's public URLs.</summary>
public sealed record ChannelsServices(
    Caller Caller,
    IGrainFactory Grains,
    ChannelQueries Channels,
    PublicUrls Urls);
