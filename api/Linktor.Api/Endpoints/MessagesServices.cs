using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Storage.Channels;
using Linktor.Storage.Conversations;
using Linktor.Storage.Media;
using Linktor.Storage.Messages;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Endpoints;

/// <summary>What the message endpoints work with: who calls, the grains, the read models, the uploads ledger, the limits and the clock.</summary>
public sealed record MessagesServices(
    Caller Caller,
    IGrainFactory Grains,
    ConversationQueries Conversations,
    ChannelQueries Channels,
    MessageReader Messages,
    MediaUploads Uploads,
    IOptions<ApiOptions> Options,
    TimeProvider Time);
