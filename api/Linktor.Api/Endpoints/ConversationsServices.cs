using Linktor.Api.Auth;
using Linktor.Storage.Channels;
using Linktor.Storage.Contacts;
using Linktor.Storage.Conversations;
using Linktor.Storage.Tenants;

namespace Linktor.Api.Endpoints;

/// <summary>What the conversation endpoints work with: who calls, the grains and the read models.</summary>
public sealed record ConversationsServices(
    Caller Caller,
    IGrainFactory Grains,
    ConversationQueries Conversations,
    ContactQueries Contacts,
    ChannelQueries Channels,
    TenantQueries Tenants);
