using System.Text.RegularExpressions;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.CannedResponses;
using Linktor.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Endpoints;

/// <summary>
/// Canned responses: saved replies an agent picks in the composer with <c>/short_code</c>. Agents read
/// them; admins write them, so the team's wording stays curated (an addition to API.md).
/// </summary>
public static partial class CannedResponsesApi
{
    public const int MaxShortCodeLength = 64;
    public const int MaxContentLength = 4096;

    public static RouteGroupBuilder MapCannedResponsesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/canned_responses").WithTags("Canned responses").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListAsync)
            .WithSummary("Newest first. `q` matches the start of a short code or any part of the content.");
        api.MapPost("/", CreateAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Create a canned response: `short_code` (1–64 of a–z, 0–9, `_`, `-`; unique in the tenant) and `content` (1–4096 characters).");
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(AuthSchemes.AdminPolicy)
            .WithSummary("Change the short code and/or the content.");
        api.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthSchemes.AdminPolicy);
        return api;
    }

    public static async Task<Results<Ok<Page<CannedResponseRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] CannedResponsesServices services, string? q, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim().TrimStart('/');
        return TypedResults.Ok(Paging.ToPage(await services.Replies.ListAsync(services.Caller.TenantId, query, page, ct)));
    }

    public static async Task<Results<Ok<CannedResponseRecord>, ProblemHttpResult>> GetAsync(
        Guid id, [AsParameters] CannedResponsesServices services, CancellationToken ct) =>
        await services.Replies.GetAsync(services.Caller.TenantId, id, ct) is { } reply
            ? TypedResults.Ok(reply)
            : ApiProblems.NotFound("The canned response");

    public static async Task<Results<Created<CannedResponseRecord>, ProblemHttpResult>> CreateAsync(
        CreateCannedResponseRequest body, [AsParameters] CannedResponsesServices services)
    {
        var v = new Validator();
        if (v.Required(body.ShortCode, "short_code"))
        {
            ShortCode(v, body.ShortCode!);
        }

        if (v.Required(body.Content, "content"))
        {
            v.MaxLength(body.Content, MaxContentLength, "content");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await Grain(services).CreateAsync(Normalize(body.ShortCode!), body.Content!.Trim());
        return GrainResults.Created(result, r => $"/api/v1/canned_responses/{r.Id}");
    }

    public static async Task<Results<Ok<CannedResponseRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateCannedResponseRequest body, [AsParameters] CannedResponsesServices services)
    {
        var v = new Validator();
        if (body.ShortCode is not null)
        {
            ShortCode(v, body.ShortCode);
        }

        if (body.Content is not null)
        {
            if (string.IsNullOrWhiteSpace(body.Content))
            {
                v.Add("content", "Required.");
            }

            v.MaxLength(body.Content, MaxContentLength, "content");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var shortCode = body.ShortCode is null ? null : Normalize(body.ShortCode);
        return GrainResults.Ok(await Grain(services).UpdateAsync(id, shortCode, body.Content?.Trim()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, [AsParameters] CannedResponsesServices services) =>
        GrainResults.NoContent(await Grain(services).DeleteAsync(id));

    private static void ShortCode(Validator v, string value)
    {
        var code = Normalize(value);
        if (code.Length is 0 or > MaxShortCodeLength || !ShortCodePattern().IsMatch(code))
        {
            v.Add("short_code", $"1–{MaxShortCodeLength} characters of a–z, 0–9, `_` and `-`.");
        }
    }

    // Agents type "/Greeting" as readily as "greeting": codes are stored lower-case, without the slash.
    private static string Normalize(string shortCode) => shortCode.Trim().TrimStart('/').ToLowerInvariant();

    private static ICannedResponsesGrain Grain(CannedResponsesServices services) =>
        services.Grains.GetGrain<ICannedResponsesGrain>(services.Caller.TenantId);

    [GeneratedRegex("^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortCodePattern();
}
