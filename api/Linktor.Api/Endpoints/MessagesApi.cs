using System.Globalization;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Linktor.Api.Endpoints;

/// <summary>
/// Messages: history in seq order, sending into a conversation or to an external address. A send
/// answers 202 once the message is durably stored (status <c>queued</c>); delivery follows. Every send reaches the
/// conversation with an idempotency key (<see cref="SendKeys"/>), so one lost with a crashed silo is made again.
/// </summary>
public static class MessagesApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/v1/conversations/{id:guid}/messages").WithTags("Messages").RequireAuthorization(AuthSchemes.TenantPolicy);
        conversations.MapGet("/", ListAsync)
            .WithSummary("A page in seq order: after `after_seq` going forward, else the newest (before `before_seq`). `next_cursor` is the seq to continue from.");
        conversations.MapPost("/", SendAsync)
            .WithSummary("Send a message (or a private note) into the conversation. The same idempotency key returns the original message.");

        var messages = app.MapGroup("/api/v1/messages").WithTags("Messages").RequireAuthorization(AuthSchemes.TenantPolicy);
        messages.MapPost("/", SendToAddressAsync)
            .WithSummary("Send to an external address on a channel, creating the contact and conversation when needed.");
        messages.MapGet("/{id:guid}", GetAsync).WithSummary("A message with its status_history.");
        return app;
    }

    public static async Task<Results<Ok<Page<MessageRecord>>, ProblemHttpResult>> ListAsync(
        Guid id, [AsParameters] MessagesServices services,
        [FromQuery(Name = "after_seq")] long? afterSeq, [FromQuery(Name = "before_seq")] long? beforeSeq, int? limit, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        if (limit is < 1 or > Paging.MaxLimit)
        {
            v.Add("limit", $"Between 1 and {Paging.MaxLimit}.");
        }

        if (afterSeq is < 0)
        {
            v.Add("after_seq", "Zero or more.");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        if (!await services.Conversations.ExistsAsync(caller.TenantId, id, ct))
        {
            return ApiProblems.NotFound("The conversation");
        }

        var (page, more) = await services.Messages.ListAsync(caller.TenantId, id, afterSeq, beforeSeq, limit ?? Paging.DefaultLimit, ct);
        var next = !more || page.Count == 0 ? null : (afterSeq is not null ? page[^1].Seq : page[0].Seq).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(new Page<MessageRecord>(page, next));
    }

    public static async Task<Results<Accepted<MessageRecord>, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest body, HttpContext http, [AsParameters] MessagesServices services,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        if (Check(body.Content, body.IdempotencyKey, idempotencyKey, services.Options.Value, out var key) is { } problem)
        {
            return problem;
        }

        var caller = services.Caller;
        // An attachment uploaded here is now used: the upload janitor keeps it (any other URL is the sender's business).
        await MediaApi.MarkReferencedAsync(services.Uploads, caller.TenantId, body.Content!.Media?.Url, services.Time, http.RequestAborted);
        var result = await services.Grains.Get<IConversationGrain>(GrainKeys.Scoped(caller.TenantId, id)).SendAsync(new SendMessage
        {
            Content = body.Content!,
            Private = body.Private ?? false,
            IdempotencyKey = SendKeys.Stored(key),
            Sender = caller.Actor,
        });
        return Accepted(result);
    }

    public static async Task<Results<Accepted<MessageRecord>, ProblemHttpResult>> SendToAddressAsync(
        SendToAddressRequest body, [AsParameters] MessagesServices services, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        v.Required(body.ChannelId, "channel_id");
        v.Required(body.To, "to");
        if (v.Failed)
        {
            return v.Problem();
        }

        if (Check(body.Content, body.IdempotencyKey, idempotencyKey, services.Options.Value, out var key) is { } problem)
        {
            return problem;
        }

        var channel = await services.Channels.GetAsync(caller.TenantId, body.ChannelId!.Value, ct);
        if (channel is null)
        {
            return ApiProblems.NotFound("The channel");
        }

        var address = await services.Grains.Get<IChannelGrain>(GrainKeys.Scoped(caller.TenantId, channel.Id)).NormalizeAddressAsync(body.To!, "to");
        if (!address.IsSuccess)
        {
            return ApiProblems.From(address.Problem!);
        }

        // The identity grain decides the rest (a repeated key, whether this address may be written to first, with
        // what) before it makes a contact or a conversation, and hands the send to the conversation.
        await MediaApi.MarkReferencedAsync(services.Uploads, caller.TenantId, body.Content!.Media?.Url, services.Time, ct);
        var result = await services.Grains.Get<IIdentityGrain>(GrainKeys.Identity(caller.TenantId, channel.Id, address.Value!)).SendAsync(new SendMessage
        {
            Content = body.Content!,
            IdempotencyKey = SendKeys.Stored(key),
            Sender = caller.Actor,
        });
        return Accepted(result);
    }

    public static async Task<Results<Ok<MessageRecord>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] MessagesServices services, CancellationToken ct)
    {
        var message = await services.Messages.GetAsync(services.Caller.TenantId, id, ct);
        if (message is null)
        {
            return ApiProblems.NotFound("The message");
        }

        return TypedResults.Ok(message with { StatusHistory = await services.Messages.GetStatusHistoryAsync(message, ct) });
    }

    /// <summary>Content shape and size, and one idempotency key from header or body (they must agree).</summary>
    private static ProblemHttpResult? Check(MessageContent? content, string? bodyKey, string? headerKey, ApiOptions options, out string? key)
    {
        key = headerKey ?? bodyKey;
        var v = new Validator();
        if (headerKey is not null && bodyKey is not null && headerKey != bodyKey)
        {
            v.Add("idempotency_key", "Differs from the Idempotency-Key header; send one.");
        }

        if (key is not null && (key.Length is 0 or > 255))
        {
            v.Add("idempotency_key", "1–255 characters.");
        }

        if (ContentValidator.IsOversize(content, options.MaxTextBytes))
        {
            return ApiProblems.Create(413, "payload_too_large", $"content.text is larger than {options.MaxTextBytes} bytes.",
                new Dictionary<string, string[]> { ["content.text"] = [$"At most {options.MaxTextBytes} bytes."] });
        }

        ContentValidator.Validate(content, v);
        return v.Failed ? v.Problem() : null;
    }

    private static Results<Accepted<MessageRecord>, ProblemHttpResult> Accepted(Result<MessageRecord> result) =>
        result.IsSuccess
            ? TypedResults.Accepted($"/api/v1/messages/{result.Value!.Id}", result.Value)
            : ApiProblems.From(result.Problem!);
}
