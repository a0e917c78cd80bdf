using Linktor.Contracts.Webhooks;

namespace Linktor.Api.Requests;

/// <summary><c>POST /webhooks</c>: <c>url</c> and <c>events</c> required; without a <c>secret</c>, one is generated.</summary>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret);

/// <summary><c>PATCH /webhooks/{id}</c>: a field left out stays as it is; a new <c>secret</c> replaces the old one at once.</summary>
public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Events, WebhookStatus? Status, string? Secret);
