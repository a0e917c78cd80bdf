using Linktor.Api.Infrastructure;
using Linktor.Contracts.Hosting;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Auth;

/// <summary>Lets through only requests bearing the operator's platform admin key (compared in constant time).</summary>
public sealed class PlatformAdminFilter(IOptions<PlatformOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!options.Value.IsAdminKey(BearerToken.Read(context.HttpContext.Request)))
        {
            return ApiProblems.Unauthorized("Send the platform admin key (Linktor:Platform:AdminKey) as a bearer token.");
        }

        return await next(context);
    }
}
