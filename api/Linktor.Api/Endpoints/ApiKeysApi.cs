using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Endpoints;

/// <summary>API keys for systems: the secret is shown once at creation and stored only hashed.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/api_keys").WithTags("API keys").RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapPost("/", CreateAsync).WithSummary("Create a key; the response's `key` is the only time the secret is shown.");
        api.MapGet("/", ListAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        return api;
    }

    public static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> CreateAsync(CreateApiKeyRequest body, [AsParameters] ApiKeysServices services)
    {
        var v = new Validator();
        if (v.Required(body.Name, "name"))
        {
            v.MaxLength(body.Name, 200, "name");
        }

        var scopes = body.Scopes ?? [ApiKeyScopes.Agent];
        if (scopes.Count == 0 || scopes.Any(s => !ApiKeyScopes.All.Contains(s)))
        {
            v.Add("scopes", $"One or more of: {string.Join(", ", ApiKeyScopes.All)}.");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var caller = services.Caller;
        var result = await services.Grains.GetGrain<ITenantGrain>(caller.TenantId)
            .CreateApiKeyAsync(body.Name!.Trim(), [.. scopes.Distinct()], caller.IsAgent ? caller.PrincipalId : null);
        if (!result.IsSuccess)
        {
            return ApiProblems.From(result.Problem!);
        }

        var (key, secret) = result.Value!;
        return TypedResults.Created($"/api/v1/api_keys/{key.Id}",
            new ApiKeyResponse(key.Id, key.Name, key.Scopes, key.Prefix, key.CreatedAt, key.CreatedBy, secret));
    }

    public static async Task<Results<Ok<Page<ApiKeyRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ApiKeysServices services, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(Paging.ToPage(await services.Tenants.ListApiKeysAsync(services.Caller.TenantId, page, ct)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, [AsParameters] ApiKeysServices services)
    {
        var result = await services.Grains.GetGrain<ITenantGrain>(services.Caller.TenantId).DeleteApiKeyAsync(id);
        if (result.IsSuccess && services.Cache is MemoryCache memory)
        {
            // This node forgets cached keys at once; other nodes within the cache's few seconds.
            memory.Clear();
        }

        return GrainResults.NoContent(result);
    }
}
