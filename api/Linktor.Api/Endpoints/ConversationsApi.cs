using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Tenants;
using Linktor.Storage.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Linktor.Api.Endpoints;

/// <summary>The inbox: conversations with filters, starting one with a contact, and changing status, assignee, labels, priority.</summary>
public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListAsync).WithSummary("Most recently active first. assignee_id takes a user id, `me` or `unassigned`; q searches contacts and message text.");
        api.MapPost("/", CreateAsync).WithSummary("Open (or return the open) conversation with a contact on a channel.");
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync);
        return api;
    }

    public static async Task<Results<Ok<Page<ConversationRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ConversationsServices services, string? status,
        [FromQuery(Name = "assignee_id")] string? assigneeId, [FromQuery(Name = "channel_id")] Guid? channelId,
        [FromQuery(Name = "contact_id")] Guid? contactId, string? label, string? q, string? cursor, int? limit, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        ConversationStatus? parsedStatus = null;
        if (status is not null)
        {
            if (Storage.Json.DbNames.TryFromDb<ConversationStatus>(status, out var s))
            {
                parsedStatus = s;
            }
            else
            {
                v.Add("status", "One of: open, pending, snoozed, resolved.");
            }
        }

        var filter = new ConversationFilter { Status = parsedStatus, ChannelId = channelId, ContactId = contactId, Label = label?.Trim().ToLowerInvariant(), Query = q };
        switch (assigneeId)
        {
            case null:
                break;
            case "me":
                filter = filter with { AssigneeId = caller.PrincipalId };
                break;
            case "unassigned":
                filter = filter with { Unassigned = true };
                break;
            default:
                if (Guid.TryParse(assigneeId, out var assignee))
                {
                    filter = filter with { AssigneeId = assignee };
                }
                else
                {
                    v.Add("assignee_id", "A user id, `me` or `unassigned`.");
                }

                break;
        }

        if (!Paging.TryParse(cursor, limit, out var page, out var pageProblem))
        {
            return pageProblem!;
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        return TypedResults.Ok(Paging.ToPage(await services.Conversations.ListAsync(caller.TenantId, filter, page, ct)));
    }

    public static async Task<Results<Ok<ConversationRecord>, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] ConversationsServices services, CancellationToken ct)
    {
        var conversation = await services.Conversations.GetAsync(services.Caller.TenantId, id, ct);
        return conversation is null ? ApiProblems.NotFound("The conversation") : TypedResults.Ok(conversation);
    }

    public static async Task<Results<Created<ConversationRecord>, Ok<ConversationRecord>, ProblemHttpResult>> CreateAsync(
        CreateConversationRequest body, [AsParameters] ConversationsServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        v.Required(body.ContactId, "contact_id");
        v.Required(body.ChannelId, "channel_id");
        if (v.Failed)
        {
            return v.Problem();
        }

        var contact = await services.Contacts.GetAsync(caller.TenantId, body.ContactId!.Value, ct);
        var channel = await services.Channels.GetAsync(caller.TenantId, body.ChannelId!.Value, ct);
        if (contact is null)
        {
            return ApiProblems.NotFound("The contact");
        }

        if (channel is null)
        {
            return ApiProblems.NotFound("The channel");
        }

        var identity = contact.Identities.FirstOrDefault(i => i.ChannelId == channel.Id);
        if (identity is null)
        {
            return ApiProblems.Validation("contact_id", "The contact has no identity on this channel; add one (identities) first.");
        }

        var result = await services.Grains.Get<IIdentityGrain>(GrainKeys.Identity(caller.TenantId, channel.Id, identity.ExternalId)).OpenConversationAsync(null);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Problem!);
        }

        var (opened, created) = result.Value!;
        var stored = await services.Conversations.GetAsync(caller.TenantId, opened.Id, ct) ?? opened;
        return created ? TypedResults.Created($"/api/v1/conversations/{stored.Id}", stored) : TypedResults.Ok(stored);
    }

    public static async Task<Results<Ok<ConversationRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateConversationRequest body, [AsParameters] ConversationsServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        if (body.AssigneeId is { IsSet: true, Value: { } assignee }
            && await services.Tenants.GetUserAsync(caller.TenantId, assignee, ct) is not { Status: UserStatus.Active })
        {
            v.Add("assignee_id", "No active user with this id in the tenant.");
        }

        if (body.Labels is not null && body.Labels.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > 64))
        {
            v.Add("labels", "Each label is 1–64 characters.");
        }

        if (body.SnoozedUntil is not null && body.Status is not (ConversationStatus.Snoozed or null))
        {
            v.Add("snoozed_until", "Only with status `snoozed`.");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await services.Grains.Get<IConversationGrain>(GrainKeys.Scoped(caller.TenantId, id)).UpdateAsync(new ConversationPatch
        {
            Status = body.Status,
            SetAssignee = body.AssigneeId.IsSet,
            AssigneeId = body.AssigneeId.Value,
            SetPriority = body.Priority.IsSet,
            Priority = body.Priority.Value,
            Labels = body.Labels?.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToList(),
            SnoozedUntil = body.SnoozedUntil,
        }, caller.Actor);
        return GrainResults.Ok(result);
    }
}
