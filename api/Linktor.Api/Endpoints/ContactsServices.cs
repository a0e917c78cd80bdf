using Linktor.Api.Auth;
using Linktor.Storage.Channels;
using Linktor.Storage.Contacts;

namespace Linktor.Api.Endpoints;

/// <summary>What the contact endpoints work with: who calls, the grains and the read models.</summary>
public sealed record ContactsServices(
    Caller Caller,
    IGrainFactory Grains,
    ContactQueries Contacts,
    ChannelQueries Channels);
