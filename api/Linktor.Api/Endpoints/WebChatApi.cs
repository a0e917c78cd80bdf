using System.Text.Json;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Linktor.Api.Requests;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Messages;
using Linktor.Storage.Channels;
using Linktor.Storage.Media;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Endpoints;

/// <summary>The public side of a web-chat channel: visitor sessions, visitors' attachments and the embeddable widget script.</summary>
public static class WebChatApi
{
    public const string SessionRateLimit = "webchat-sessions";
    public const string UploadRateLimit = "webchat-uploads";
    public const string CorsPolicy = "webchat";

    public static IEndpointRouteBuilder MapWebChatApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webchat/{channelId:guid}/sessions", CreateSessionAsync).WithTags("Web chat")
            .AllowAnonymous().RequireRateLimiting(SessionRateLimit).RequireCors(CorsPolicy)
            .WithSummary("Start a visitor session (public, rate-limited): a token for /hubs/webchat of this channel only.");
        app.MapPost("/api/v1/webchat/{channelId:guid}/media", UploadAsync).WithTags("Web chat")
            .RequireAuthorization(AuthSchemes.VisitorPolicy).RequireRateLimiting(UploadRateLimit).RequireCors(CorsPolicy)
            .WithSummary("A visitor's attachment (multipart `file`, visitor token): send the answer's `url` in `content.media` over /hubs/webchat.");
        app.MapGet("/widget/{channelId:guid}.js", WidgetAsync).WithTags("Web chat").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Created<WebChatSession>, ProblemHttpResult>> CreateSessionAsync(
        Guid channelId, WebChatSessionRequest? body, HttpContext http, ChannelQueries channels, IGrainFactory grains, TokenIssuer tokens,
        WebChatLimits limits, CancellationToken ct)
    {
        var channel = await channels.FindAsync(channelId, ct);
        if (channel is not { Type: ChannelType.Webchat, Status: ChannelStatus.Active })
        {
            return ApiProblems.NotFound("The web-chat channel");
        }

        if (!OriginAllowed(channel, http.Request.Headers.Origin.ToString()))
        {
            return ApiProblems.Forbidden("This site is not among the channel's allowed_origins.");
        }

        var v = new Validator();
        v.MaxLength(body?.Name, 200, "name");
        v.Email(body?.Email?.Trim(), "email");
        if (v.Failed)
        {
            return v.Problem();
        }

        // A session makes its contact now, as API.md's `contact_id` promises (agents may open a conversation with it before
        // the visitor writes). What bounds those contacts is this: per client address (the endpoint's policy) and per
        // tenant here, so neither one script nor many addresses together can fill a tenant's contacts faster than
        // Linktor:WebChat:SessionsPerTenant allows, and the widget only asks for a session when a visitor first writes.
        using (var permit = limits.AcquireSession(channel.TenantId))
        {
            if (!permit.IsAcquired)
            {
                var retryAfter = WebChatLimits.RetryAfterSeconds(permit);
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"Too many new web-chat sessions for this tenant; retry in {retryAfter} s.", null);
            }
        }

        var visitorId = Guid.NewGuid().ToString("D");
        var contact = await grains.Get<IIdentityGrain>(GrainKeys.Identity(channel.TenantId, channel.Id, visitorId))
            .EnsureContactAsync(new ContactProfileHint { Name = body?.Name?.Trim(), Email = body?.Email?.Trim().ToLowerInvariant() });
        if (!contact.IsSuccess)
        {
            return ApiProblems.From(contact.Problem!);
        }

        var token = tokens.IssueVisitorToken(channel.TenantId, channel.Id, contact.Value!.Id, visitorId);
        return TypedResults.Created($"/api/v1/contacts/{contact.Value.Id}", new WebChatSession(token, contact.Value.Id, visitorId));
    }

    public static async Task<Results<Created<UploadedMedia>, ProblemHttpResult>> UploadAsync(
        Guid channelId, HttpContext http, IMediaStore store, MediaUploads uploads, PublicUrls urls, IOptions<MediaOptions> options, TimeProvider time,
        CancellationToken ct)
    {
        var visitor = Visitor.From(http.User);
        return visitor.ChannelId != channelId
            ? ApiProblems.NotFound("The web-chat channel")
            : await MediaApi.StoreUploadAsync(http, visitor.TenantId, visitor: true, store, uploads, urls, options.Value, time, ct);
    }

    public static async Task<IResult> WidgetAsync(Guid channelId, ChannelQueries channels, PublicUrls urls, IWebHostEnvironment environment, CancellationToken ct)
    {
        var channel = await channels.FindAsync(channelId, ct);
        if (channel is not { Type: ChannelType.Webchat })
        {
            return Results.Content("/* Linktor: no such web-chat channel */", "text/javascript", statusCode: 404);
        }

        var settings = JsonSerializer.Serialize(new
        {
            channelId = channel.Id,
            baseUrl = urls.BaseUrl,
            title = channel.Config.GetValueOrDefault("title") ?? channel.Name,
            welcome = channel.Config.GetValueOrDefault("welcome_message") ?? "Hi! How can we help?",
            color = channel.Config.GetValueOrDefault("color") ?? "#1f6feb",
        });
        var script = await File.ReadAllTextAsync(Path.Combine(environment.WebRootPath, "widget", "widget.js"), ct);
        return Results.Content(script.Replace("/*__LINKTOR_SETTINGS__*/null", settings, StringComparison.Ordinal), "text/javascript; charset=utf-8");
    }

    private static bool OriginAllowed(ChannelRecord channel, string origin)
    {
        if (channel.Config.GetValueOrDefault("allowed_origins") is not { Length: > 0 } allowed)
        {
            return true;
        }

        return allowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
