using Linktor.Api.Auth;
using Linktor.Storage.CannedResponses;

namespace Linktor.Api.Endpoints;

/// <summary>What the canned-response endpoints work with: who calls, the tenant's replies grain and read model.</summary>
public sealed record CannedResponsesServices(
    Caller Caller,
    IGrainFactory Grains,
    CannedResponseQueries Replies);
