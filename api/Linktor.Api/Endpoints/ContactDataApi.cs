using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Storage.Retention;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>
/// What a contact may ask of the data held about them (admins act for them): an export of everything
/// (<c>GET /api/v1/contacts/{id}/export</c>) and erasure (<c>DELETE /api/v1/contacts/{id}?erase=true</c>).
/// </summary>
public static partial class ContactDataApi
{
    public static void MapContactDataApi(this RouteGroupBuilder contacts)
    {
        contacts.MapGet("/{id:guid}/export", ExportAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Everything held about a contact, as one JSON document (admins).")
            .WithDescription("""
                `{contact, identities, conversations: [{conversation, messages: [... each with status_history]}], media}`: the rows
                as stored, every message of every conversation of the contact, and the attachments they name (`url` of an
                upload, `download_url` of an inbound copy). Streamed: it may be long.
                """);
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        Guid id, Caller caller, ContactExport export, CancellationToken ct)
    {
        if (!await export.ExistsAsync(caller.TenantId, id, ct))
        {
            return ApiProblems.NotFound("The contact");
        }

        return TypedResults.Stream(
            body => export.WriteAsync(caller.TenantId, id, body, ct), "application/json", $"contact-{id}.json");
    }

    /// <summary>
    /// Erases the contact: first its grains forget what they hold (contact, identities, conversations: state cleared,
    /// activations ended), so none writes anything back; then the store deletes every row and file of it in batches and
    /// records the erasure. Synchronous: one contact's history takes seconds at most.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(
        Guid id, Caller caller, IGrainFactory grains, ErasureStore erasures, TimeProvider time, ILogger<ErasureStore> logger, CancellationToken ct)
    {
        if (!caller.IsAdmin)
        {
            return ApiProblems.Forbidden("Only admins erase contacts.");
        }

        var tenantId = caller.TenantId;
        if (await erasures.FindAsync(tenantId, id, ct) is not { } target)
        {
            return ApiProblems.NotFound("The contact");
        }

        await grains.Get<IContactGrain>(GrainKeys.Scoped(tenantId, id)).EraseAsync();
        foreach (var (channelId, externalId) in target.Identities)
        {
            await grains.Get<IIdentityGrain>(GrainKeys.Identity(tenantId, channelId, externalId)).ForgetAsync(id);
        }

        foreach (var conversationId in target.Conversations)
        {
            await grains.Get<IConversationGrain>(GrainKeys.Scoped(tenantId, conversationId)).EraseAsync();
        }

        var counts = await erasures.EraseAsync(tenantId, id, target, caller.PrincipalId, time.GetUtcNow(), RetentionBatch, ct);
        LogErased(logger, counts.Conversations, counts.Messages, counts.MediaFiles);
        return TypedResults.NoContent();
    }

    private const int RetentionBatch = 1000;

    // Log event ids 141xx: erasures (all ranges: LogEventIdTests in Linktor.Architecture.Tests). Counts only: no personal data.
    [LoggerMessage(EventId = 14101, Level = LogLevel.Information, Message = "Erased a contact: {Conversations} conversations, {Messages} messages, {Files} files")]
    private static partial void LogErased(ILogger logger, int conversations, int messages, int files);
}
