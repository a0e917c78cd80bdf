using Linktor.Api.Auth;
using Linktor.Storage.Webhooks;

namespace Linktor.Api.Endpoints;

/// <summary>What the webhook endpoints work with: who calls, the tenant's webhooks grain and read model.</summary>
public sealed record WebhooksServices(
    Caller Caller,
    IGrainFactory Grains,
    WebhookQueries Webhooks);
