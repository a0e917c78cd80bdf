using System.Globalization;
using System.Text.RegularExpressions;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Storage.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Linktor.Api.Endpoints;

/// <summary>
/// Reports. Admins only (an admin user or an <c>admin</c> API key), as in the support desks Linktor is measured
/// against: a report shows the whole team's workload and every channel, which an agent's inbox does not.
/// </summary>
public static partial class AnalyticsApi
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analytics").WithTags("Analytics").RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapGet("/summary", SummaryAsync)
            .WithSummary("Messages, conversations opened and resolved, and first response and resolution times (median, p90) in a window.")
            .WithDescription("""
                Query: `from`, `to` (RFC 3339 with an offset, e.g. 2026-11-01T00:00:00Z; default `to` = now, `from` = `to` − 7 days;
                `from` < `to`, at most 366 days apart); `channel_id` (a channel of the tenant, deleted ones included);
                `assignee_id` (a user of the tenant, or `me`: the conversation's current assignee). Unknown ids answer 404.
                Every figure counts what happened in the window from ≤ t < to, and the filters apply to all of them.
                messages — created in the window. `inbound`: from contacts. `outbound`: public replies (agents, API keys,
                bots, the system). `total` = inbound + outbound. `private_notes` are counted apart, in no other figure.
                `by_status`: the outbound messages by their current delivery status. `by_channel`: inbound and outbound
                per channel with traffic, busiest first.
                conversations — `opened`: created in the window. `resolved`: resolutions in the window (a conversation
                resolved, reopened and resolved again counts twice).
                first_response_time — per conversation, from its first inbound message to the first public reply after it
                by an agent or an API key (the time the reply was accepted, not delivered); bot and system messages and
                private notes are not responses. Counts conversations whose first response falls in the window.
                resolution_time — from the conversation's creation, or its latest reopening, to its resolution; counts
                resolutions in the window (those from before analytics existed were not recorded).
                Times are in seconds; `median_seconds` and `p90_seconds` are PostgreSQL percentile_cont(0.5) and (0.9),
                null when `count` is 0.
                """);
        return api;
    }

    public static async Task<Results<Ok<AnalyticsSummary>, ProblemHttpResult>> SummaryAsync(
        [AsParameters] AnalyticsServices services, string? from, string? to,
        [FromQuery(Name = "channel_id")] Guid? channelId, [FromQuery(Name = "assignee_id")] string? assigneeId, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        var end = Timestamp(v, to, "to") ?? services.Clock.GetUtcNow();
        var start = Timestamp(v, from, "from") ?? end - DefaultWindow;
        if (!v.Failed && start >= end)
        {
            v.Add("from", "Must be before `to` (default: now).");
        }
        else if (!v.Failed && end - start > MaxWindow)
        {
            v.Add("from", $"At most {MaxWindow.TotalDays} days before `to`.");
        }

        Guid? assignee = null;
        switch (assigneeId)
        {
            case null or "":
                break;
            case "me" when caller.IsAgent:
                assignee = caller.PrincipalId;
                break;
            case "me":
                v.Add("assignee_id", "`me` is the signed-in user; an API key is not one. Use a user id.");
                break;
            default:
                if (Guid.TryParse(assigneeId, out var id))
                {
                    assignee = id;
                }
                else
                {
                    v.Add("assignee_id", "A user id or `me`.");
                }

                break;
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        if (channelId is { } channel && !await services.Analytics.ChannelExistsAsync(caller.TenantId, channel, ct))
        {
            return ApiProblems.NotFound("The channel");
        }

        if (assignee is { } user && !await services.Analytics.UserExistsAsync(caller.TenantId, user, ct))
        {
            return ApiProblems.NotFound("The user");
        }

        var filter = new AnalyticsFilter { From = start.ToUniversalTime(), To = end.ToUniversalTime(), ChannelId = channelId, AssigneeId = assignee };
        return TypedResults.Ok(await services.Analytics.SummarizeAsync(caller.TenantId, filter, ct));
    }

    /// <summary>An RFC 3339 date-time: the offset is required, so a window never depends on the server's time zone.</summary>
    private static DateTimeOffset? Timestamp(Validator v, string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null; // absent, or left empty in a form
        }

        if (Rfc3339().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        v.Add(field, "An RFC 3339 timestamp with an offset, e.g. 2026-11-01T00:00:00Z (a + in the offset is %2B in a URL).");
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
