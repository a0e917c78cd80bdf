using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Storage.Retention;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>
/// The caller's own tenant (<c>/api/v1/tenant</c>, beside the platform operator's <c>/api/v1/tenants</c>): what it is,
/// and the settings its admins choose — for now its retention.
/// </summary>
public static class TenantSettingsApi
{
    public static RouteGroupBuilder MapTenantSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tenant").WithTags("Tenant").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", GetAsync).WithSummary("The caller's tenant and its settings (`retention`).");
        api.MapPatch("/", UpdateAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Change the tenant's settings (admins): `retention: {messages_days, media_days}`.")
            .WithDescription($"""
                Days to keep, 1–{RetentionPolicy.MaxDays}, or null to keep forever (the default). Once a day, messages older than
                `messages_days` are deleted with their status history and attachments, and attachments older than `media_days`
                are deleted while their messages stay (`content.media.url` then names nothing). A field left out stays as it is.
                Conversations keep their `last_seq` (seqs are never reused); their `last_message` becomes the newest kept one.
                """);
        return api;
    }

    public static async Task<Results<Ok<TenantSettings>, ProblemHttpResult>> GetAsync(
        Caller caller, TenantQueries tenants, RetentionStore retention, CancellationToken ct) =>
        await ReadAsync(caller.TenantId, tenants, retention, ct) is { } settings ? TypedResults.Ok(settings) : ApiProblems.NotFound("The tenant");

    public static async Task<Results<Ok<TenantSettings>, ProblemHttpResult>> UpdateAsync(
        UpdateTenantSettingsRequest body, Caller caller, TenantQueries tenants, RetentionStore retention, CancellationToken ct)
    {
        var v = new Validator();
        CheckDays(body.Retention?.MessagesDays, "retention.messages_days", v);
        CheckDays(body.Retention?.MediaDays, "retention.media_days", v);
        if (v.Failed)
        {
            return v.Problem();
        }

        if (body.Retention is { } changed && await retention.GetAsync(caller.TenantId, ct) is { } current)
        {
            await retention.SetAsync(caller.TenantId, new RetentionPolicy(
                changed.MessagesDays.IsSet ? changed.MessagesDays.Value : current.MessagesDays,
                changed.MediaDays.IsSet ? changed.MediaDays.Value : current.MediaDays), ct);
        }

        return await GetAsync(caller, tenants, retention, ct);
    }

    private static void CheckDays(Optional<int?>? days, string field, Validator v)
    {
        if (days is { Value: { } value } && value is < 1 or > RetentionPolicy.MaxDays)
        {
            v.Add(field, $"A number of days from 1 to {RetentionPolicy.MaxDays}, or null to keep forever.");
        }
    }

    private static async Task<TenantSettings?> ReadAsync(Guid tenantId, TenantQueries tenants, RetentionStore retention, CancellationToken ct) =>
        await tenants.GetTenantAsync(tenantId, ct) is { } tenant && await retention.GetAsync(tenantId, ct) is { } policy
            ? new TenantSettings(tenant.Id, tenant.Name, tenant.Slug, tenant.CreatedAt, new RetentionSettings(policy.MessagesDays, policy.MediaDays))
            : null;
}
