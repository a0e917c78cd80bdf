using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>Channels: the tenant's connections to providers (and its web-chat widgets).</summary>
public static class ChannelsApi
{
    public static RouteGroupBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/channels").WithTags("Channels").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Create a channel. `config` is shown back; `credentials` are write-only and stored encrypted.")
            .WithDescription("""
                Channel fields by type (credentials are write-only and stored encrypted).
                webchat — config: title, welcome_message, color (#rrggbb), allowed_origins (comma-separated origins allowed
                to open sessions); no credentials.
                whatsapp (Cloud API) — config: phone_number_id (required), business_account_id, api_version (default v21.0),
                media_upload (link | upload); credentials: access_token (required), app_secret (required; verifies
                X-Hub-Signature-256), verify_token (required: the token you also enter in Meta's webhook settings for its GET handshake).
                telegram (Bot API) — credentials: bot_token (required), secret_token (generated when absent; setWebhook is
                called with it and the channel's webhook_url when the channel is created or its credentials change).
                sms (Twilio Programmable Messaging) — config: account_sid (required), from (E.164) or messaging_service_sid;
                credentials: auth_token (required; verifies X-Twilio-Signature).
                Every provider channel also takes config api_base_url (default: the real provider; another host answers
                422 destination_not_allowed unless the operator sets Linktor:Channels:AllowCustomApiBaseUrl, and a PATCH
                that changes it must carry the credentials again), and the send-rate
                overrides rate_limit_per_second, rate_limit_burst, recipient_rate_limit_per_second and
                recipient_rate_limit_burst (defaults: the provider's documented limits, see capabilities).
                The response's `webhook_url` is what to paste into the provider; for webchat, `widget_snippet` is the
                script tag for the site.
                """);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapPost("/{id:guid}/test", TestAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Ask the provider who this channel is, with the stored credentials.");
        return api;
    }

    public static async Task<Results<Ok<Page<ChannelRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ChannelsServices services, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        var result = await services.Channels.ListAsync(services.Caller.TenantId, page, ct);
        return TypedResults.Ok(new Page<ChannelRecord>([.. result.Items.Select(services.Urls.Complete)], result.Next?.Encode()));
    }

    public static async Task<Results<Created<ChannelRecord>, ProblemHttpResult>> CreateAsync(
        CreateChannelRequest body, [AsParameters] ChannelsServices services)
    {
        var v = new Validator();
        v.Required(body.Type, "type");
        if (v.Required(body.Name, "name"))
        {
            v.MaxLength(body.Name, 200, "name");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await services.Grains.GetGrain<ITenantGrain>(services.Caller.TenantId).CreateChannelAsync(new ChannelDraft
        {
            Type = body.Type!.Value,
            Name = body.Name!.Trim(),
            Config = body.Config ?? [],
            Credentials = body.Credentials ?? [],
            PublicBaseUrl = services.Urls.BaseUrl,
        });
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/channels/{result.Value!.Id}", services.Urls.Complete(result.Value))
            : ApiProblems.From(result.Problem!);
    }

    public static async Task<Results<Ok<ChannelRecord>, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] ChannelsServices services, CancellationToken ct)
    {
        var channel = await services.Channels.GetAsync(services.Caller.TenantId, id, ct);
        return channel is null ? ApiProblems.NotFound("The channel") : TypedResults.Ok(services.Urls.Complete(channel));
    }

    public static async Task<Results<Ok<ChannelRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateChannelRequest body, [AsParameters] ChannelsServices services)
    {
        if (body.Name is not null && (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200))
        {
            return ApiProblems.Validation("name", "1–200 characters.");
        }

        var result = await Channel(services, id).UpdateAsync(new ChannelPatch
        {
            Name = body.Name?.Trim(),
            Status = body.Status,
            Config = body.Config,
            Credentials = body.Credentials,
            PublicBaseUrl = services.Urls.BaseUrl,
        });
        return result.IsSuccess ? TypedResults.Ok(services.Urls.Complete(result.Value!)) : ApiProblems.From(result.Problem!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, [AsParameters] ChannelsServices services) =>
        GrainResults.NoContent(await Channel(services, id).DeleteAsync());

    public static async Task<Results<Ok<ChannelTestResult>, ProblemHttpResult>> TestAsync(Guid id, [AsParameters] ChannelsServices services) =>
        GrainResults.Ok(await Channel(services, id).TestAsync());

    private static IChannelGrain Channel(ChannelsServices services, Guid id) =>
        services.Grains.Get<IChannelGrain>(GrainKeys.Scoped(services.Caller.TenantId, id));
}
