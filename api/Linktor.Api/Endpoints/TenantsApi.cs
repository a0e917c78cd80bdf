using System.Text.RegularExpressions;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Tenants;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Linktor.Api.Endpoints;

/// <summary>The platform operator's routes: create and list tenants (platform admin key only).</summary>
public static partial class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tenants").WithTags("Platform").AllowAnonymous().AddEndpointFilter<PlatformAdminFilter>();
        api.MapPost("/", CreateAsync).WithSummary("Create a tenant with its first admin (platform admin key).");
        api.MapGet("/", ListAsync).WithSummary("List tenants (platform admin key).");
        return api;
    }

    public static async Task<Results<Created<TenantCreated>, ProblemHttpResult>> CreateAsync(
        CreateTenantRequest body, IGrainFactory grains, IPasswordHasher<object> hasher)
    {
        var v = new Validator();
        if (v.Required(body.Name, "name"))
        {
            v.MaxLength(body.Name, 200, "name");
        }

        if (v.Required(body.Slug, "slug") && !SlugPattern().IsMatch(body.Slug!))
        {
            v.Add("slug", "2–63 characters: lower-case letters, digits and hyphens, starting with a letter or digit.");
        }

        if (v.Required(body.AdminEmail, "admin_email"))
        {
            v.Email(body.AdminEmail, "admin_email");
        }

        Passwords.Check(body.AdminPassword, "admin_password", v);
        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await grains.GetGrain<ITenantGrain>(Guid.CreateVersion7()).CreateAsync(new TenantDraft
        {
            Name = body.Name!.Trim(),
            Slug = body.Slug!,
            AdminEmail = body.AdminEmail!.Trim().ToLowerInvariant(),
            AdminPasswordHash = hasher.HashPassword(body, body.AdminPassword!),
            AdminName = body.AdminName,
        });
        return GrainResults.Created(result, t => $"/api/v1/tenants/{t.Tenant.Id}");
    }

    public static async Task<Results<Ok<Page<TenantRecord>>, ProblemHttpResult>> ListAsync(
        TenantQueries tenants, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(Paging.ToPage(await tenants.ListTenantsAsync(page, ct)));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();
}
