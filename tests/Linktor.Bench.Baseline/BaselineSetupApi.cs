using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Linktor.Bench.Baseline;

/// <summary>Setup routes for the benchmark: a tenant (with its key) and its conversations.</summary>
public static class BaselineSetupApi
{
    public static IEndpointRouteBuilder MapBaselineSetupApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tenants", CreateTenant);
        app.MapPost("/api/v1/conversations", CreateConversationAsync);
        return app;
    }

    public static Results<Created<CreatedTenant>, UnauthorizedHttpResult> CreateTenant(HttpRequest request, BaselineOptions options, TenantKeys keys)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {options.PlatformKey}" || options.PlatformKey.Length == 0)
        {
            return TypedResults.Unauthorized();
        }

        var tenant = Guid.CreateVersion7();
        return TypedResults.Created($"/api/v1/tenants/{tenant}", new CreatedTenant(tenant, keys.Issue(tenant)));
    }

    public static async Task<Results<Created<CreatedConversation>, UnauthorizedHttpResult>> CreateConversationAsync(
        HttpRequest request, TenantKeys keys, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!keys.TryAuthenticate(request, out var tenant))
        {
            return TypedResults.Unauthorized();
        }

        var id = Guid.CreateVersion7();
        await using var insert = db.CreateCommand("INSERT INTO conversations (tenant_id, id) VALUES ($1, $2)");
        insert.Parameters.Add(new NpgsqlParameter { Value = tenant });
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        await insert.ExecuteNonQueryAsync(ct);
        return TypedResults.Created($"/api/v1/conversations/{id}", new CreatedConversation(id));
    }
}
