using System.Collections.Concurrent;
using Linktor.Api.Infrastructure;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Storage.Channels;
using Microsoft.AspNetCore.WebUtilities;

namespace Linktor.Api.Endpoints;

/// <summary>
/// <c>GET|POST /hooks/{channel_id}</c>: where providers post (a channel's <c>webhook_url</c>). The
/// channel grain verifies the call with the channel's secrets and stores its events; this answers
/// 200 only after they are stored, so a provider redelivers whatever was not.
/// </summary>
public static class ProviderHooksApi
{
    // A channel's tenant never changes: the lookup is cached for good (deleted channels are refused by their grain).
    private static readonly ConcurrentDictionary<Guid, Guid> TenantOfChannel = new();

    public static IEndpointRouteBuilder MapProviderHooksApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/hooks/{channelId:guid}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithTags("Provider webhooks")
            .AllowAnonymous()
            .WithSummary("A provider's webhook for one channel (its `webhook_url`).")
            .WithDescription("""
                Verified per provider: WhatsApp `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with credentials.app_secret)
                and the GET `hub.verify_token` handshake (credentials.verify_token); Telegram `X-Telegram-Bot-Api-Secret-Token`
                (credentials.secret_token, registered with setWebhook when the channel is created); Twilio `X-Twilio-Signature`
                (HMAC-SHA1 over this URL and the sorted form fields, credentials.auth_token). Missing credentials answer 401, a
                wrong signature 403, an unreadable body 400; nothing is stored then. 200 means every event is stored; the same
                delivery twice stores once.
                """);
        return app;
    }

    public static async Task<IResult> HandleAsync(
        Guid channelId, HttpContext http, ChannelQueries channels, IGrainFactory grains, PublicUrls urls, CancellationToken ct)
    {
        if (!TenantOfChannel.TryGetValue(channelId, out var tenantId))
        {
            if (await channels.FindAsync(channelId, ct) is not { } channel)
            {
                return ApiProblems.NotFound("The channel");
            }

            TenantOfChannel[channelId] = tenantId = channel.TenantId;
        }

        var request = await ReadAsync(http, urls, ct);
        var response = await grains.Get<IChannelGrain>(GrainKeys.Scoped(tenantId, channelId)).HandleWebhookAsync(request);
        return response.StatusCode switch
        {
            200 when response.Body is not null => TypedResults.Text(response.Body, response.ContentType ?? "text/plain"),
            200 => TypedResults.Ok(),
            400 => ApiProblems.Validation("body", response.Error ?? "Not the provider's webhook format."),
            401 => ApiProblems.Unauthorized(response.Error ?? "The webhook carries no valid credentials."),
            403 => ApiProblems.Forbidden(response.Error ?? "The webhook signature does not match."),
            404 => ApiProblems.NotFound("The channel"),
            _ => ApiProblems.Create(response.StatusCode, "internal", response.Error ?? "The webhook could not be handled.", null),
        };
    }

    /// <summary>The call as the provider made it: the raw body and the public URL it called (Twilio signs the URL).</summary>
    private static async Task<WebhookRequest> ReadAsync(HttpContext http, PublicUrls urls, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        return new WebhookRequest
        {
            Method = http.Request.Method,
            Url = $"{urls.BaseUrl}{http.Request.Path}{http.Request.QueryString}",
            Headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            Body = body.ToArray(),
            ContentType = http.Request.ContentType,
            Query = query.ToDictionary(q => q.Key, q => q.Value.ToString()),
        };
    }
}
