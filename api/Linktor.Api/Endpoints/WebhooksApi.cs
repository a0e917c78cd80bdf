using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Realtime;
using Linktor.Contracts.Webhooks;
using Linktor.Storage.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>
/// Outbound webhooks (API.md): endpoints that receive the tenant's events, signed, retried with backoff
/// for at least 24 hours, every attempt logged. Admin only. Creation takes no Idempotency-Key (like API keys):
/// its response carries the secret, which an idempotency record would keep in clear.
/// </summary>
public static class WebhooksApi
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapGet("/", ListAsync).WithSummary("The tenant's endpoints, newest first.");
        api.MapPost("/", CreateAsync)
            .WithSummary("Subscribe an endpoint to events; the response's `secret` is the only time it is shown.")
            .WithDescription($$"""
                `url`: absolute http(s) URL (at most {{MaxUrlLength}} characters). `events`: one or more of {{string.Join(", ", EventNames.All.Select(e => $"`{e}`"))}}.
                `secret`: optional, {{MinSecretLength}}–{{MaxSecretLength}} characters without spaces; generated (`whsec_...`) when left out.

                Each event is POSTed as `{id, event, created_at, tenant_id, data}` (`data`: the resource as this API shows it)
                with headers `Linktor-Event`, `Linktor-Delivery` (the same on every retry of the delivery) and
                `Linktor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
                A 2xx answer within the timeout (10 s by default) delivers it; anything else is retried with exponential
                backoff and jitter (10 s doubling up to 1 h, honouring `Retry-After`) until the event is 24 h old; then the
                delivery is `failed`. Delivery is at least once and not ordered: use `id` to drop repeats and each
                message's `seq` to order. Redirects are not followed. In a cluster, a new or changed endpoint applies to
                every silo's events within a couple of seconds.
                """);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync)
            .WithSummary("Change the URL, the events, the status (`active`, `disabled`: a disabled endpoint gets no new deliveries and its pending ones wait) or the secret.");
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete the endpoint with its deliveries.");
        api.MapGet("/{id:guid}/deliveries", ListDeliveriesAsync)
            .WithSummary("The endpoint's deliveries, newest first; `status` filters (`pending`, `succeeded`, `failed`).");
        api.MapGet("/{id:guid}/deliveries/{deliveryId:guid}", GetDeliveryAsync)
            .WithSummary("A delivery with its body (`payload`) and every attempt (`attempts`).");
        api.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync)
            .WithSummary("Try a delivery again now (an addition to API.md): once, if it had succeeded or failed; at once, if it was waiting.");
        return api;
    }

    public static async Task<Results<Ok<Page<WebhookRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] WebhooksServices services, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(Paging.ToPage(await services.Webhooks.ListAsync(services.Caller.TenantId, page, ct)));
    }

    public static async Task<Results<Ok<WebhookRecord>, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] WebhooksServices services, CancellationToken ct) =>
        await services.Webhooks.GetAsync(services.Caller.TenantId, id, ct) is { } webhook
            ? TypedResults.Ok(webhook)
            : ApiProblems.NotFound("The webhook");

    public static async Task<Results<Created<WebhookCreatedResponse>, ProblemHttpResult>> CreateAsync(
        CreateWebhookRequest body, [AsParameters] WebhooksServices services)
    {
        var v = new Validator();
        if (v.Required(body.Url, "url"))
        {
            Url(v, body.Url!);
        }

        if (v.Required(body.Events, "events"))
        {
            Events(v, body.Events!);
        }

        Secret(v, body.Secret);
        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await Grain(services).CreateAsync(new WebhookDraft(body.Url!.Trim(), Normalize(body.Events!), body.Secret));
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/webhooks/{result.Value!.Webhook.Id}", WebhookCreatedResponse.From(result.Value))
            : ApiProblems.From(result.Problem!);
    }

    public static async Task<Results<Ok<WebhookRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateWebhookRequest body, [AsParameters] WebhooksServices services)
    {
        var v = new Validator();
        if (body.Url is not null)
        {
            Url(v, body.Url);
        }

        if (body.Events is not null)
        {
            Events(v, body.Events);
        }

        Secret(v, body.Secret);
        if (v.Failed)
        {
            return v.Problem();
        }

        var patch = new WebhookPatch
        {
            Url = body.Url?.Trim(),
            Events = body.Events is null ? null : Normalize(body.Events),
            Status = body.Status,
            Secret = body.Secret,
        };
        return GrainResults.Ok(await Grain(services).UpdateAsync(id, patch));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, [AsParameters] WebhooksServices services) =>
        GrainResults.NoContent(await Grain(services).DeleteAsync(id));

    public static async Task<Results<Ok<Page<WebhookDelivery>>, ProblemHttpResult>> ListDeliveriesAsync(
        Guid id, [AsParameters] WebhooksServices services, string? status, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        DeliveryStatus? only = null;
        if (status is not null)
        {
            if (!DbNames.TryFromDb<DeliveryStatus>(status, out var parsed))
            {
                return ApiProblems.Validation("status", "One of: pending, succeeded, failed.");
            }

            only = parsed;
        }

        var tenantId = services.Caller.TenantId;
        if (await services.Webhooks.GetAsync(tenantId, id, ct) is null)
        {
            return ApiProblems.NotFound("The webhook");
        }

        return TypedResults.Ok(Paging.ToPage(await services.Webhooks.ListDeliveriesAsync(tenantId, id, only, page, ct)));
    }

    public static async Task<Results<Ok<WebhookDeliveryResponse>, ProblemHttpResult>> GetDeliveryAsync(
        Guid id, Guid deliveryId, [AsParameters] WebhooksServices services, CancellationToken ct) =>
        await services.Webhooks.GetDeliveryAsync(services.Caller.TenantId, id, deliveryId, ct) is { } detail
            ? TypedResults.Ok(WebhookDeliveryResponse.From(detail))
            : ApiProblems.NotFound("The delivery");

    public static async Task<Results<Accepted<WebhookDelivery>, ProblemHttpResult>> RedeliverAsync(
        Guid id, Guid deliveryId, [AsParameters] WebhooksServices services)
    {
        var result = await Grain(services).RedeliverAsync(id, deliveryId);
        return result.IsSuccess
            ? TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries/{deliveryId}", result.Value)
            : ApiProblems.From(result.Problem!);
    }

    private static IWebhooksGrain Grain(WebhooksServices services) =>
        services.Grains.GetGrain<IWebhooksGrain>(services.Caller.TenantId);

    private static void Url(Validator v, string url)
    {
        v.MaxLength(url, MaxUrlLength, "url");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            v.Add("url", "An absolute http or https URL.");
        }
    }

    private static void Events(Validator v, IReadOnlyList<string> events)
    {
        if (events.Count == 0)
        {
            v.Add("events", "At least one event.");
        }

        foreach (var unknown in events.Where(e => !EventNames.All.Contains(e)).Distinct())
        {
            v.Add("events", $"Unknown event '{unknown}'; one of: {string.Join(", ", EventNames.All)}.");
        }
    }

    private static void Secret(Validator v, string? secret)
    {
        if (secret is not null && (secret.Length is < MinSecretLength or > MaxSecretLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            v.Add("secret", $"{MinSecretLength}–{MaxSecretLength} characters, without spaces.");
        }
    }

    /// <summary>Each event once, in API.md's order: the same subscription always reads the same.</summary>
    private static string[] Normalize(IReadOnlyList<string> events) => [.. EventNames.All.Where(events.Contains)];
}
